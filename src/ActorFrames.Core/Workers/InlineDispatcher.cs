using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>Runs the handler on the caller's turn: dispatch completes when the handler has.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
internal sealed class InlineDispatcher<T, TResult>(IChunkHandler<T, TResult> handler, IResultSink<TResult> results) : IChunkDispatcher<T>
    where T : unmanaged
{
    private readonly InFlightGate _gate = new(1);

    /// <inheritdoc />
    public int InFlight => _gate.Count;

    /// <inheritdoc />
    public ValueTask DispatchAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        if (!_gate.TryEnter())
        {
            chunk.Dispose();
            throw new InvalidOperationException("The inline worker mode handles one chunk at a time: await each dispatch before the next.");
        }

        return ChunkHandling.RunAsync(handler, chunk, results, _gate, cancellationToken);
    }

    /// <inheritdoc />
    public Task DrainAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

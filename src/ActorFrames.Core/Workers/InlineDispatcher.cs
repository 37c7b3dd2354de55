using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>Runs the handler on the caller's turn: dispatch completes when the handler has.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
internal sealed class InlineDispatcher<T, TResult>(IChunkHandler<T, TResult> handler, IResultSink<TResult> results) : IChunkDispatcher<T>
    where T : unmanaged
{
    private int _inFlight;

    /// <inheritdoc />
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <inheritdoc />
    public ValueTask DispatchAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        var info = chunk.Info;
        ValueTask<TResult> pending;
        _inFlight = 1;
        try
        {
            pending = handler.HandleAsync(chunk, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Complete(chunk);
            results.OnFailed(info, ex);
            return ValueTask.CompletedTask;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var value = pending.Result;
            Complete(chunk);
            results.OnResult(info, value);
            return ValueTask.CompletedTask;
        }

        return AwaitAsync(pending, chunk, info, cancellationToken);
    }

    /// <inheritdoc />
    public Task DrainAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async ValueTask AwaitAsync(ValueTask<TResult> pending, Chunk<T> chunk, ChunkInfo info, CancellationToken cancellationToken)
    {
        TResult value;
        try
        {
            value = await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Complete(chunk);
            results.OnFailed(info, ex);
            return;
        }
        catch
        {
            Complete(chunk);
            throw;
        }

        Complete(chunk);
        results.OnResult(info, value);
    }

    private void Complete(Chunk<T> chunk)
    {
        chunk.Dispose();
        _inFlight = 0;
    }
}

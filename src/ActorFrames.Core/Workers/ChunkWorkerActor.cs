using ActorFrames.Actors;
using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>
/// One worker of a pool: runs its own handler instance on each chunk it is routed (through
/// <see cref="ChunkHandling"/>), so the outcome reaches the consumer's result sink and the chunk's in-flight
/// place is freed.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
internal sealed class ChunkWorkerActor<T, TResult>(IChunkHandler<T, TResult> handler, IResultSink<TResult> results, InFlightGate gate, CancellationToken cancellationToken) : IActor
    where T : unmanaged
{
    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        Chunk<T> chunk => ChunkHandling.RunAsync(handler, chunk, results, gate, cancellationToken),
        _ => throw new InvalidOperationException($"{nameof(ChunkWorkerActor<T, TResult>)} got an unexpected {context.Message.GetType().Name}."),
    };
}

using ActorFrames.Actors;
using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>
/// One worker of a pool: runs its own handler instance on each chunk it is routed, reports the outcome to
/// the consumer's result sink, disposes the chunk and frees its in-flight place.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
internal sealed class ChunkWorkerActor<T, TResult>(IChunkHandler<T, TResult> handler, IResultSink<TResult> results, InFlightGate gate, CancellationToken cancellationToken) : IActor
    where T : unmanaged
{
    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        Chunk<T> chunk => HandleAsync(chunk),
        _ => throw new InvalidOperationException($"{nameof(ChunkWorkerActor<T, TResult>)} got an unexpected {context.Message.GetType().Name}."),
    };

    private ValueTask HandleAsync(Chunk<T> chunk)
    {
        var info = chunk.Info;
        ValueTask<TResult> pending;
        try
        {
            pending = handler.HandleAsync(chunk, cancellationToken);
        }
#pragma warning disable CA1031 // Escalation point of a pool worker: a failing handler is reported as the chunk's outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Finish(chunk);
            results.OnFailed(info, ex);
            return ValueTask.CompletedTask;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var value = pending.Result;
            Finish(chunk);
            results.OnResult(info, value);
            return ValueTask.CompletedTask;
        }

        return AwaitAsync(pending, chunk, info);
    }

    private async ValueTask AwaitAsync(ValueTask<TResult> pending, Chunk<T> chunk, ChunkInfo info)
    {
        TResult value;
        try
        {
            value = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Escalation point of a pool worker: a failing handler is reported as the chunk's outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Finish(chunk);
            results.OnFailed(info, ex);
            return;
        }

        Finish(chunk);
        results.OnResult(info, value);
    }

    private void Finish(Chunk<T> chunk)
    {
        chunk.Dispose();
        gate.Exit();
    }
}

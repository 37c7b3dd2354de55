using System.Diagnostics;
using ActorFrames.Diagnostics;
using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>
/// Runs a handler on one chunk in this process (inline or on a pool worker): reports the outcome to the
/// result sink, disposes the chunk, frees its in-flight place and records the handler's run time. A handler
/// that throws has failed that chunk; cancellation of the run propagates.
/// </summary>
internal static class ChunkHandling
{
    /// <summary>Runs <paramref name="handler"/> on <paramref name="chunk"/>; completes synchronously when the handler does.</summary>
    public static ValueTask RunAsync<T, TResult>(IChunkHandler<T, TResult> handler, Chunk<T> chunk, IResultSink<TResult> results, InFlightGate gate, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var info = chunk.Info;
        var started = Stopwatch.GetTimestamp();
        ValueTask<TResult> pending;
        try
        {
            pending = handler.HandleAsync(chunk, cancellationToken);
        }
#pragma warning disable CA1031 // A handler that throws before its first await is reported like one that faults later (AwaitAsync).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            pending = ValueTask.FromException<TResult>(ex);
        }

        if (pending.IsCompletedSuccessfully)
        {
            var value = pending.Result;
            Finish(chunk, info, started);
            results.OnResult(info, value);
            gate.Exit();
            return ValueTask.CompletedTask;
        }

        return AwaitAsync(pending, chunk, results, gate, info, started, cancellationToken);
    }

    private static async ValueTask AwaitAsync<T, TResult>(ValueTask<TResult> pending, Chunk<T> chunk, IResultSink<TResult> results, InFlightGate gate, ChunkInfo info, long started, CancellationToken cancellationToken)
        where T : unmanaged
    {
        TResult value;
        try
        {
            value = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Escalation point of a local worker: a failing handler is reported as the chunk's outcome.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            Finish(chunk, info, started);
            results.OnFailed(info, ex);
            gate.Exit();
            return;
        }
        catch
        {
            Finish(chunk, info, started);
            gate.Exit();
            throw;
        }

        Finish(chunk, info, started);
        results.OnResult(info, value);
        gate.Exit();
    }

    /// <summary>Ends the chunk's life; its in-flight place is freed only after the outcome is reported, so a drain never completes before the last result is in.</summary>
    private static void Finish<T>(Chunk<T> chunk, in ChunkInfo info, long started)
        where T : unmanaged
    {
        ActorFramesMetrics.RecordHandlerDuration(info.Consumer, Stopwatch.GetElapsedTime(started));
        chunk.Dispose();
    }
}

using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Pipelines;

namespace ActorFrames.Mux;

/// <summary>
/// The actor behind one enumeration of a <see cref="MuxSource{T}"/>: spawns the mux supervisor as its child (with
/// itself as the only consumer), writes the merged frames into the channel the enumerator reads, and completes the
/// channel at the end, or with an error if the supervisor stops before its end.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// Its mailbox is bounded with backpressure and it waits for room in the bounded channel, so a slow reader slows
/// the supervisor and, through its flow control, the sources. Stopping it stops the supervisor and every stream
/// actor below it; <paramref name="stopped"/> completes once they have all stopped.
/// </remarks>
/// <param name="supervisorProps">Makes the supervisor's props for a given consumer.</param>
/// <param name="writer">The channel the enumerator reads.</param>
/// <param name="stopped">Completed when this actor and its children have stopped.</param>
/// <param name="abandoned">Cancelled when the enumerator is disposed: a pending write gives up and releases its frame.</param>
internal sealed class MuxSourceActor<T>(Func<IActorRef, Props> supervisorProps, ChannelWriter<Frame<T>> writer, TaskCompletionSource stopped, CancellationToken abandoned) : IActor
    where T : unmanaged
{
    private IActorRef? _supervisor;
    private bool _ended;

    /// <inheritdoc />
    public ValueTask PreStartAsync(IActorContext context)
    {
        _supervisor = context.Watch(context.Spawn(supervisorProps(context.Self), "supervisor"));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        Frame<T> frame => Write(frame),
        EndOfStream => End(null),
        Terminated terminated when ReferenceEquals(terminated.Actor, _supervisor) => End(_ended ? null : new InvalidOperationException(
            "The mux supervisor stopped before its streams ended; its log (or the kernel's) says why.")),
        _ => throw new InvalidOperationException($"The mux source actor got an unexpected {context.Message.GetType().Name}."),
    };

    /// <inheritdoc />
    public ValueTask PostStopAsync(IActorContext context)
    {
        writer.TryComplete();
        stopped.TrySetResult();
        return ValueTask.CompletedTask;
    }

    private ValueTask Write(Frame<T> frame) => writer.TryWrite(frame) ? ValueTask.CompletedTask : WriteSlowAsync(frame);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteSlowAsync(Frame<T> frame)
    {
        try
        {
            await writer.WriteAsync(frame, abandoned).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abandoned.IsCancellationRequested)
        {
            // The reader left: nobody will take the frame, so its reference ends here.
            frame.Release();
        }
        catch (ChannelClosedException)
        {
            // The reader completed the channel on its way out: same as above.
            frame.Release();
        }
    }

    private ValueTask End(Exception? error)
    {
        _ended = true;
        writer.TryComplete(error);
        return ValueTask.CompletedTask;
    }
}

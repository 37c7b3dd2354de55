using System.Diagnostics.CodeAnalysis;
using ActorFrames.Actors;
using ActorFrames.Frames;

namespace ActorFrames.Mux;

/// <summary>
/// Reads one activation of one stream for a mux supervisor: opens a fresh iteration of the stream's source, sends
/// each frame to its parent (with itself as the sender) until the budget is spent or the source ends, and reports
/// the end or the failure. It sends no more frames than the credit its parent granted (flow control).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// <para>A read the source cannot answer at once is left pending and the actor goes back to its mailbox; the read's
/// completion comes back as a message. So a live source waiting for data never blocks the actor: its parent can
/// stop it at any time, and then it cancels the source's token, awaits the pending read and disposes the iteration.</para>
/// <para>The parent owns this actor's lifecycle: after the end, a failure or the budget the actor only waits to be
/// stopped.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The cancellation source is disposed in PostStopAsync, the actor's end of life.")]
internal sealed class MuxStreamActor<T> : IActor
    where T : unmanaged
{
    private const int FramesPerTurn = 64;

    private readonly Streamer<Frame<T>> _stream;
    private readonly long _budget;
    private readonly CancellationTokenSource _stopping = new();
    private IActorRef? _self;
    private IActorRef? _parent;
    private Action? _onReadCompleted;
    private IAsyncEnumerator<Frame<T>>? _iteration;
    private Task<bool>? _pendingRead;
    private long _read;
    private int _credit;
    private bool _finished;

    /// <summary>Initializes the actor.</summary>
    /// <param name="stream">The stream to read one fresh iteration of.</param>
    /// <param name="budget">The most frames to read.</param>
    /// <param name="credit">The frames it may send before its parent grants more.</param>
    public MuxStreamActor(Streamer<Frame<T>> stream, long budget, int credit)
    {
        _stream = stream;
        _budget = budget;
        _credit = credit;
    }

    /// <inheritdoc />
    public ValueTask PreStartAsync(IActorContext context)
    {
        var self = context.Self;
        _self = self;
        _parent = context.Parent;
        _onReadCompleted = () => self.Tell(StreamReadCompleted.Instance);
        self.Tell(ReadStream.Instance);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        ReadStream => Read(),
        StreamReadCompleted => OnReadCompleted(),
        GrantCredit grant => OnCredit(grant.Frames),
        _ => throw new InvalidOperationException($"The stream actor got an unexpected {context.Message.GetType().Name}."),
    };

    /// <inheritdoc />
    public async ValueTask PostStopAsync(IActorContext context)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            if (_pendingRead is { } pending)
            {
                _pendingRead = null;
                try
                {
                    if (await pending.ConfigureAwait(false))
                    {
                        // The frame arrived after the parent stopped wanting it; this actor still owns it.
                        _iteration!.Current.Release();
                    }
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    // The source honoured the cancellation: the read ends without a frame.
                }
            }
        }
        finally
        {
            if (_iteration is not null)
            {
                await _iteration.DisposeAsync().ConfigureAwait(false);
            }

            _stopping.Dispose();
        }
    }

    private ValueTask OnCredit(int frames)
    {
        _credit += frames;
        return Read();
    }

    [SuppressMessage("Design", "CA1031", Justification = "Escalation point: whatever the source throws is reported to the mux supervisor, which restarts or prunes the stream.")]
    private ValueTask Read()
    {
        if (_finished || _pendingRead is not null)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            var iteration = _iteration ??= _stream.GetAsyncEnumerator(_stopping.Token);
            for (int i = 0; i < FramesPerTurn; i++)
            {
                if (_credit <= 0 || _read >= _budget)
                {
                    return ValueTask.CompletedTask;
                }

                var next = iteration.MoveNextAsync();
                if (!next.IsCompleted)
                {
                    var pending = next.AsTask();
                    _pendingRead = pending;
                    pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReadCompleted!);
                    return ValueTask.CompletedTask;
                }

                if (!Deliver(next.GetAwaiter().GetResult()))
                {
                    return ValueTask.CompletedTask;
                }
            }

            // Hand the thread to other actors, then go on.
            _self!.Tell(ReadStream.Instance);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }

        return ValueTask.CompletedTask;
    }

    [SuppressMessage("Design", "CA1031", Justification = "Escalation point: whatever the source throws is reported to the mux supervisor, which restarts or prunes the stream.")]
    private ValueTask OnReadCompleted()
    {
        var pending = _pendingRead;
        _pendingRead = null;
        if (pending is null || _finished)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            if (!Deliver(pending.GetAwaiter().GetResult()))
            {
                return ValueTask.CompletedTask;
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
            return ValueTask.CompletedTask;
        }

        return Read();
    }

    /// <summary>Sends the frame just read, or reports the end; false when reading is over.</summary>
    private bool Deliver(bool more)
    {
        if (!more)
        {
            _finished = true;
            _parent!.Tell(StreamEnded.Instance, _self);
            return false;
        }

        var frame = _iteration!.Current;
        _read++;
        _credit--;
        _parent!.Tell(frame, _self);
        return true;
    }

    private void Fail(Exception error)
    {
        _finished = true;
        _parent!.Tell(new StreamFailed(error), _self);
    }
}

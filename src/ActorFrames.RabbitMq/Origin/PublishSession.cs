using ActorFrames.RabbitMq.Wire;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>
/// The state of one broker connection: the chunks published and not yet confirmed (in publish order, keyed by
/// their publish sequence numbers), the window they may fill, and the loss signal.
/// </summary>
internal sealed class PublishSession(int window, OutboundSpool spool, Action<int> onConfirmed)
{
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AsyncSignal _room = new();
    private readonly Lock _gate = new();
    private readonly ConfirmRing _ring = new(window, spool);
    // A full window resumes publishing once an eighth of it (at most 16 chunks) was confirmed, not at every confirm:
    // the publishing loop then wakes once per burst.
    private readonly int _resume = Math.Clamp(window / 8, 1, 16);
    private Exception? _failure;
    private bool _ended;

    /// <summary>Gets a task that completes when the session is lost (connection, channel or a publish failed).</summary>
    public Task Lost => _lost.Task;

    /// <summary>Gets the first failure that ended the session, if any.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Gets a value indicating whether the publish window has room.</summary>
    public bool HasRoom
    {
        get
        {
            lock (_gate)
            {
                return _ring.HasRoom;
            }
        }
    }

    /// <summary>Gets a value indicating whether a window that was full has room again for a burst of publishes.</summary>
    public bool HasRoomToResume
    {
        get
        {
            lock (_gate)
            {
                return _ring.Free >= _resume;
            }
        }
    }

    /// <summary>Waits until confirms may have made room for a burst (<see cref="HasRoomToResume"/>), or a loss or <see cref="Wake"/>.</summary>
    /// <returns>A task that completes then.</returns>
    public ValueTask WaitForRoomAsync() => _room.WaitAsync();

    /// <summary>Wakes the publishing loop (its cancellation calls this).</summary>
    public void Wake() => _room.Set();

    /// <summary>Records a chunk about to be published with <paramref name="sequence"/>.</summary>
    /// <param name="sequence">Its publish sequence number.</param>
    /// <param name="entry">The chunk.</param>
    public void Track(ulong sequence, SpoolEntry entry)
    {
        lock (_gate)
        {
            _ring.Track(sequence, entry);
        }
    }

    /// <summary>Handles basic.ack: confirms the chunks it covers.</summary>
    /// <param name="sender">The channel.</param>
    /// <param name="args">The confirm.</param>
    /// <returns>A completed task.</returns>
    public Task OnAcksAsync(object sender, BasicAckEventArgs args)
    {
        Settle(args.DeliveryTag, args.Multiple, acknowledged: true);
        return Task.CompletedTask;
    }

    /// <summary>Handles basic.nack: the chunks it covers go back to the spool and the session ends.</summary>
    /// <param name="sender">The channel.</param>
    /// <param name="args">The refusal.</param>
    /// <returns>A completed task.</returns>
    public Task OnNacksAsync(object sender, BasicNackEventArgs args)
    {
        Settle(args.DeliveryTag, args.Multiple, acknowledged: false);
        return Task.CompletedTask;
    }

    /// <summary>Handles basic.return of an unroutable chunk.</summary>
    /// <param name="sender">The channel.</param>
    /// <param name="args">The returned message.</param>
    /// <returns>A completed task.</returns>
    public Task OnReturnAsync(object sender, BasicReturnEventArgs args)
    {
        // A return precedes the confirm of the same message: remember it, and fail the message when it is confirmed.
        long id = 0;
        if (args.BasicProperties.Headers is { } headers && headers.TryGetValue(WireHeaders.Id, out var value) && value is long returned)
        {
            id = returned;
            lock (_gate)
            {
                _ring.MarkReturned(id);
            }
        }

        MarkLost(new IOException($"The broker returned chunk {id} as unroutable ({args.ReplyCode} {args.ReplyText}, routing key '{args.RoutingKey}'); it is sent again after reconnecting, which declares the queue again."));
        return Task.CompletedTask;
    }

    /// <summary>Ends the session.</summary>
    /// <param name="error">Why, or <see langword="null"/> for an orderly end.</param>
    public void MarkLost(Exception? error)
    {
        if (error is not null)
        {
            Interlocked.CompareExchange(ref _failure, error, null);
        }

        _lost.TrySetResult();
        _room.Set();
    }

    /// <summary>Handles the broker's cancellation of the reply consumer.</summary>
    /// <param name="sender">The consumer.</param>
    /// <param name="args">The event.</param>
    /// <returns>A completed task.</returns>
    public Task OnConsumerCancelledAsync(object sender, ConsumerEventArgs args)
    {
        // Only the broker cancels the reply consumer (its queue was deleted): reconnect, which declares it again.
        MarkLost(new OperationInterruptedException(new ShutdownEventArgs(ShutdownInitiator.Peer, 404, "The reply consumer was cancelled by the broker.")));
        return Task.CompletedTask;
    }

    /// <summary>Handles the shutdown of the connection or of the publishing channel.</summary>
    /// <param name="sender">The connection or the channel.</param>
    /// <param name="args">Why it shut down.</param>
    /// <returns>A completed task.</returns>
    public Task OnShutdownAsync(object sender, ShutdownEventArgs args)
    {
        MarkLost(args.Exception ?? new AlreadyClosedException(args));
        return Task.CompletedTask;
    }

    /// <summary>Puts every chunk not yet confirmed back into the spool (they are published again on the next session).</summary>
    public void ReturnUnconfirmed()
    {
        lock (_gate)
        {
            _ended = true;
            _ring.ReturnAll();
        }

        _room.Set();
    }

    private void Settle(ulong tag, bool multiple, bool acknowledged)
    {
        int confirmed;
        long failedId;
        bool resume;
        lock (_gate)
        {
            if (_ended)
            {
                // A confirm that arrives after the entries went back to the spool: they are published again anyway.
                return;
            }

            confirmed = _ring.Settle(tag, multiple, acknowledged, out failedId);
            resume = _ring.Free >= _resume;
        }

        onConfirmed(confirmed);
        if (resume)
        {
            _room.Set();
        }

        if (failedId != 0)
        {
            MarkLost(new IOException($"The broker did not accept chunk {failedId}; it is sent again after reconnecting."));
        }
    }
}

using ActorFrames.Diagnostics;

namespace ActorFrames.Actors;

/// <summary>
/// An actor's queues and its scheduling state. User messages go to a lock-free queue (or a bounded one);
/// system messages go to a lock-free stack that the actor drains before each user message. The mailbox is
/// the actor's thread-pool work item: it is queued when a message arrives at an idle actor and runs
/// <see cref="ActorCell.Run"/>, which handles at most the throughput limit of user messages per turn.
/// </summary>
/// <remarks>
/// The status word holds three bits: Scheduled (queued or running; only its holder runs the actor),
/// Suspended (user messages stay queued: the actor failed, restarts or stops) and Closed (stopped: new
/// messages become dead letters). A producer enqueues, then reads the status; the consumer clears
/// Scheduled with a locked instruction, then looks for claimed messages. One of the two always sees the
/// other, so no message is left behind in an idle mailbox.
/// </remarks>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Scheduled = 1;
    private const int Suspended = 2;
    private const int Closed = 4;

    private static readonly SystemMessage s_closedStack = new StopActor();

    private readonly ActorCell _cell;
    private readonly MpscQueue<Envelope>? _queue;
    private readonly BoundedMailboxQueue? _bounded;
    private SystemMessage? _systemStack;
    private int _status;
    private int _drainLock;

    public Mailbox(ActorCell cell, MailboxOptions options)
    {
        _cell = cell;
        if (options.Capacity is int capacity)
        {
            _bounded = new BoundedMailboxQueue(capacity, options.OverflowPolicy);
        }
        else
        {
            _queue = new MpscQueue<Envelope>(4);
        }
    }

    public bool IsSuspended => (Volatile.Read(ref _status) & Suspended) != 0;

    public bool IsClosed => (Volatile.Read(ref _status) & Closed) != 0;

    /// <summary>Approximate number of queued user messages, plus one while the actor is scheduled or running.</summary>
    public int Load => (_queue?.ApproximateCount ?? _bounded!.Count) + (Volatile.Read(ref _status) & Scheduled);

    public bool HasSystemMessages
    {
        get
        {
            var top = Volatile.Read(ref _systemStack);
            return top is not null && top != s_closedStack;
        }
    }

    public MailboxStatistics Statistics => _bounded is null
        ? new MailboxStatistics(_queue!.ApproximateCount, 0, 0, 0)
        : new MailboxStatistics(_bounded.Count, _bounded.Dropped, _bounded.Rejected, _bounded.Deferred);

    void IThreadPoolWorkItem.Execute() => _cell.Run();

    public void Post(object message, IActorRef? sender)
    {
        if (message is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(message));
        }

        var envelope = new Envelope(message, sender);
        if (_queue is not null)
        {
            _queue.Enqueue(envelope);
        }
        else if (!PostBounded(envelope))
        {
            return;
        }

        int status = Volatile.Read(ref _status);
        if (status == 0)
        {
            if (Interlocked.CompareExchange(ref _status, Scheduled, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            }
        }
        else if ((status & Closed) != 0)
        {
            DrainClosed();
        }
    }

    /// <summary>Posts a message the kernel itself generates (Terminated): never dropped, never rejected.</summary>
    public void PostInternal(object message, IActorRef? sender)
    {
        if (_bounded is null)
        {
            Post(message, sender);
            return;
        }

        _bounded.PostAlways(new Envelope(message, sender));
        AfterPost();
    }

    public ValueTask PostAsync(object message, IActorRef? sender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_bounded is null || _cell.Props.Mailbox.OverflowPolicy != OverflowPolicy.Backpressure)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Post(message, sender);
            return ValueTask.CompletedTask;
        }

        var wait = _bounded.PostOrWait(new Envelope(message, sender), cancellationToken);
        AfterPost();
        return wait is null ? ValueTask.CompletedTask : new ValueTask(wait);
    }

    /// <summary>Pushes a system message; false when the mailbox is closed (the caller handles it as for a stopped actor).</summary>
    public bool PostSystem(SystemMessage message)
    {
        var top = Volatile.Read(ref _systemStack);
        while (true)
        {
            if (top == s_closedStack)
            {
                return false;
            }

            message.Next = top;
            var seen = Interlocked.CompareExchange(ref _systemStack, message, top);
            if (seen == top)
            {
                break;
            }

            top = seen;
        }

        TrySchedule(preferLocal: true);
        return true;
    }

    /// <summary>Consumer: takes the pending system messages, oldest first.</summary>
    public SystemMessage? TakeSystemMessages()
    {
        var top = Interlocked.Exchange(ref _systemStack, null);
        SystemMessage? ordered = null;
        while (top is not null)
        {
            var next = top.Next;
            top.Next = ordered;
            ordered = top;
            top = next;
        }

        return ordered;
    }

    /// <summary>Consumer: takes the next user message.</summary>
    public bool TryDequeue(out Envelope envelope)
        => _queue is not null ? _queue.TryDequeue(out envelope) : _bounded!.TryDequeue(out envelope);

    public void Suspend() => Interlocked.Or(ref _status, Suspended);

    public void Unsuspend() => Interlocked.And(ref _status, ~Suspended);

    /// <summary>Consumer: ends a turn. <paramref name="hasLocalWork"/> tells that the actor has unstashed messages.</summary>
    public void EndTurn(bool hasLocalWork, bool budgetExhausted)
    {
        if (budgetExhausted && (Volatile.Read(ref _status) & (Suspended | Closed)) == 0)
        {
            // Still the holder of Scheduled: go to the back of the global queue so other actors get a turn.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            return;
        }

        int status = Interlocked.And(ref _status, ~Scheduled) & ~Scheduled;
        if ((status & Closed) != 0)
        {
            return;
        }

        if (HasSystemMessages || ((status & Suspended) == 0 && (hasLocalWork || HasUserClaims())))
        {
            TrySchedule(preferLocal: false);
        }
    }

    /// <summary>Consumer: resumes a turn that was waiting for an asynchronous handler or hook.</summary>
    public void ScheduleResume() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    /// <summary>Consumer: closes the mailbox and returns the system messages that were still pending, oldest first.</summary>
    public SystemMessage? Close()
    {
        Interlocked.Or(ref _status, Closed | Suspended);
        var top = Interlocked.Exchange(ref _systemStack, s_closedStack);
        SystemMessage? ordered = null;
        while (top is not null && top != s_closedStack)
        {
            var next = top.Next;
            top.Next = ordered;
            ordered = top;
            top = next;
        }

        DrainClosed();
        return ordered;
    }

    private bool PostBounded(in Envelope envelope)
    {
        var result = _bounded!.Post(envelope, out var evicted);
        switch (result)
        {
            case BoundedMailboxQueue.PostResult.Enqueued:
            case BoundedMailboxQueue.PostResult.Deferred:
                return true;
            case BoundedMailboxQueue.PostResult.DroppedNewest:
                _cell.System.DeadLetters.Publish(envelope.Message, envelope.Sender, _cell.Self, DeadLetterReason.Dropped);
                ActorFramesMetrics.MailboxDropped.Add(1);
                return false;
            case BoundedMailboxQueue.PostResult.DroppedOldest:
                _cell.System.DeadLetters.Publish(evicted.Message, evicted.Sender, _cell.Self, DeadLetterReason.Dropped);
                ActorFramesMetrics.MailboxDropped.Add(1);
                return true;
            default:
                ActorFramesMetrics.MailboxDropped.Add(1);
                throw new MailboxFullException(_cell.Path, _bounded.Capacity, envelope.Message.GetType());
        }
    }

    private void AfterPost()
    {
        int status = Volatile.Read(ref _status);
        if (status == 0)
        {
            if (Interlocked.CompareExchange(ref _status, Scheduled, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            }
        }
        else if ((status & Closed) != 0)
        {
            DrainClosed();
        }
    }

    private void TrySchedule(bool preferLocal)
    {
        int status = Volatile.Read(ref _status);
        while ((status & (Scheduled | Closed)) == 0)
        {
            int seen = Interlocked.CompareExchange(ref _status, status | Scheduled, status);
            if (seen == status)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal);
                return;
            }

            status = seen;
        }
    }

    private bool HasUserClaims() => _queue is not null ? _queue.HasClaims() : _bounded!.HasClaims();

    /// <summary>
    /// Turns the messages of a closed mailbox into dead letters. Whoever holds the drain lock is the
    /// consumer; a sender that enqueued after the close and saw Closed drains its own message.
    /// </summary>
    private void DrainClosed()
    {
        while (true)
        {
            if (Interlocked.CompareExchange(ref _drainLock, 1, 0) != 0)
            {
                return;
            }

            var deadLetters = _cell.System.DeadLetters;
            if (_bounded is not null)
            {
                foreach (var envelope in _bounded.DrainAll())
                {
                    deadLetters.Publish(envelope.Message, envelope.Sender, _cell.Self, DeadLetterReason.RecipientStopped);
                }
            }
            else
            {
                while (_queue!.TryDequeue(out var envelope))
                {
                    deadLetters.Publish(envelope.Message, envelope.Sender, _cell.Self, DeadLetterReason.RecipientStopped);
                }
            }

            Interlocked.Exchange(ref _drainLock, 0);
            if (!HasUserClaims())
            {
                return;
            }
        }
    }
}

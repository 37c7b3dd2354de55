namespace ActorFrames.Actors;

/// <summary>
/// The queue of a bounded mailbox: a ring of fixed capacity behind a lock, plus, for
/// <see cref="OverflowPolicy.Backpressure"/>, an overflow line of waiting senders that is admitted in order
/// as the consumer frees space. Bounded mailboxes trade a little speed for these guarantees.
/// </summary>
internal sealed class BoundedMailboxQueue
{
    private readonly Lock _lock = new();
    private readonly Envelope[] _ring;
    private readonly OverflowPolicy _policy;
    private LinkedList<Waiter>? _waiters;
    private int _head;
    private int _count;
    private long _dropped;
    private long _rejected;
    private long _deferred;

    public BoundedMailboxQueue(int capacity, OverflowPolicy policy)
    {
        _ring = new Envelope[capacity];
        _policy = policy;
    }

    public enum PostResult
    {
        Enqueued,
        Deferred,
        DroppedNewest,
        DroppedOldest,
        Rejected,
    }

    public int Capacity => _ring.Length;

    public int Count => Volatile.Read(ref _count) + (Volatile.Read(ref _waiters)?.Count ?? 0);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Deferred => Interlocked.Read(ref _deferred);

    /// <summary>Posts without waiting; <paramref name="evicted"/> is set for <see cref="PostResult.DroppedOldest"/>.</summary>
    public PostResult Post(in Envelope envelope, out Envelope evicted)
    {
        evicted = default;
        lock (_lock)
        {
            if (_count < _ring.Length && _waiters is not { Count: > 0 })
            {
                Append(envelope);
                return PostResult.Enqueued;
            }

            switch (_policy)
            {
                case OverflowPolicy.Backpressure:
                    (_waiters ??= new()).AddLast(new Waiter(envelope, null));
                    _deferred++;
                    return PostResult.Deferred;
                case OverflowPolicy.DropNewest:
                    _dropped++;
                    return PostResult.DroppedNewest;
                case OverflowPolicy.DropOldest:
                    evicted = _ring[_head];
                    _ring[_head] = default;
                    _head = (_head + 1) % _ring.Length;
                    _count--;
                    Append(envelope);
                    _dropped++;
                    return PostResult.DroppedOldest;
                default:
                    _rejected++;
                    return PostResult.Rejected;
            }
        }
    }

    /// <summary>Enqueues a kernel message (such as <see cref="Terminated"/>) whatever the policy: when full it joins the overflow line.</summary>
    public void PostAlways(in Envelope envelope)
    {
        lock (_lock)
        {
            if (_count < _ring.Length && _waiters is not { Count: > 0 })
            {
                Append(envelope);
                return;
            }

            (_waiters ??= new()).AddLast(new Waiter(envelope, null));
        }
    }

    /// <summary>Backpressure only: enqueues now, or returns a task that completes when the message is admitted.</summary>
    public Task? PostOrWait(in Envelope envelope, CancellationToken cancellationToken)
    {
        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (_count < _ring.Length && _waiters is not { Count: > 0 })
            {
                Append(envelope);
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(envelope, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            node = (_waiters ??= new()).AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(
                static state =>
                {
                    var (queue, n) = ((BoundedMailboxQueue, LinkedListNode<Waiter>))state!;
                    queue.Cancel(n);
                },
                (this, node));
        }

        return waiter.Completion!.Task;
    }

    public bool TryDequeue(out Envelope envelope)
    {
        Waiter? admitted = null;
        lock (_lock)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }

            envelope = _ring[_head];
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            _count--;
            if (_waiters is { Count: > 0 } waiters)
            {
                admitted = waiters.First!.Value;
                waiters.RemoveFirst();
                Append(admitted.Envelope);
            }
        }

        admitted?.Admit();
        return true;
    }

    /// <summary>Consumer side: whether anything is queued (under the lock, which orders it after the status change).</summary>
    public bool HasClaims()
    {
        lock (_lock)
        {
            return _count > 0;
        }
    }

    /// <summary>Takes everything left, queued and waiting, for the dead-letter office; waiters complete.</summary>
    public List<Envelope> DrainAll()
    {
        var drained = new List<Envelope>();
        List<Waiter>? admitted = null;
        lock (_lock)
        {
            while (_count > 0)
            {
                drained.Add(_ring[_head]);
                _ring[_head] = default;
                _head = (_head + 1) % _ring.Length;
                _count--;
            }

            if (_waiters is { Count: > 0 } waiters)
            {
                admitted = [.. waiters];
                waiters.Clear();
                foreach (var waiter in admitted)
                {
                    drained.Add(waiter.Envelope);
                }
            }
        }

        if (admitted is not null)
        {
            foreach (var waiter in admitted)
            {
                waiter.Admit();
            }
        }

        return drained;
    }

    private void Append(in Envelope envelope)
    {
        _ring[(_head + _count) % _ring.Length] = envelope;
        _count++;
    }

    private void Cancel(LinkedListNode<Waiter> node)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return;
            }

            _waiters!.Remove(node);
        }

        node.Value.Completion!.TrySetCanceled();
    }

    private sealed class Waiter(Envelope envelope, TaskCompletionSource? completion)
    {
        public Envelope Envelope { get; } = envelope;

        public TaskCompletionSource? Completion { get; } = completion;

        public CancellationTokenRegistration Registration { get; set; }

        public void Admit()
        {
            Registration.Dispose();
            Completion?.TrySetResult();
        }
    }
}

namespace ActorFrames.RabbitMq.Origin;

/// <summary>
/// The chunks one publishing channel sent and the broker has not confirmed yet, in publish order, keyed by their
/// publish sequence numbers. The broker's acknowledgements (single or <c>multiple</c>) confirm them into the spool's
/// keeping no more; nacks and returns put them back into the spool to be sent again. Not thread-safe: the owner locks.
/// </summary>
/// <param name="capacity">The publish window.</param>
/// <param name="spool">Where confirmed entries are released and failed ones return.</param>
internal sealed class ConfirmRing(int capacity, OutboundSpool spool)
{
    private readonly Tracked[] _ring = new Tracked[capacity];
    private HashSet<long>? _returned;
    private int _head;

    /// <summary>Gets the number of chunks published and not yet settled.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the number of chunks the window has room for.</summary>
    public int Free => _ring.Length - Count;

    /// <summary>Gets a value indicating whether another chunk fits in the window.</summary>
    public bool HasRoom => Count < _ring.Length;

    /// <summary>Records a chunk about to be published.</summary>
    /// <param name="sequence">Its publish sequence number on the channel.</param>
    /// <param name="entry">The chunk.</param>
    public void Track(ulong sequence, SpoolEntry entry)
    {
        if (Count == _ring.Length)
        {
            throw new InvalidOperationException($"The publish window of {_ring.Length} chunks is full.");
        }

        _ring[(_head + Count) % _ring.Length] = new Tracked(sequence, entry);
        Count++;
    }

    /// <summary>Remembers that the broker returned the chunk with this id as unroutable: its confirm fails it.</summary>
    /// <param name="id">The chunk's id.</param>
    public void MarkReturned(long id) => (_returned ??= []).Add(id);

    /// <summary>Applies a confirm, then releases every settled chunk at the front of the window.</summary>
    /// <param name="tag">The confirmed sequence number.</param>
    /// <param name="multiple">Whether every sequence number up to <paramref name="tag"/> is confirmed.</param>
    /// <param name="acknowledged"><see langword="true"/> for basic.ack, <see langword="false"/> for basic.nack.</param>
    /// <param name="failedId">The id of the first chunk that failed (nacked or returned) and went back to the spool, or 0.</param>
    /// <returns>The number of chunks confirmed and released.</returns>
    public int Settle(ulong tag, bool multiple, bool acknowledged, out long failedId)
    {
        failedId = 0;

        // Confirms arrive in publish order for one queue; a single out-of-order confirm marks its record and leaves it
        // until the records before it are settled. A record settled before (a single nack, then a multiple ack past
        // it) keeps its first outcome.
        for (var i = 0; i < Count; i++)
        {
            ref var tracked = ref _ring[(_head + i) % _ring.Length];
            if (tracked.Sequence > tag)
            {
                break;
            }

            if ((multiple || tracked.Sequence == tag) && tracked.Outcome == Outcome.Pending)
            {
                tracked.Outcome = acknowledged && _returned?.Remove(tracked.Entry.Id) != true ? Outcome.Confirmed : Outcome.Failed;
            }
        }

        var confirmed = 0;
        while (Count > 0 && _ring[_head].Outcome != Outcome.Pending)
        {
            var done = _ring[_head];
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            Count--;
            if (done.Outcome == Outcome.Confirmed)
            {
                spool.Confirm(done.Entry);
                confirmed++;
            }
            else
            {
                spool.Return(done.Entry);
                if (failedId == 0)
                {
                    failedId = done.Entry.Id;
                }
            }
        }

        return confirmed;
    }

    /// <summary>Puts every chunk not yet confirmed back into the spool (the session ended; they are sent again).</summary>
    public void ReturnAll()
    {
        for (; Count > 0; Count--)
        {
            spool.Return(_ring[_head].Entry);
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
        }

        _returned?.Clear();
    }

    private enum Outcome : byte
    {
        Pending,
        Confirmed,
        Failed,
    }

    private record struct Tracked(ulong Sequence, SpoolEntry Entry)
    {
        public Outcome Outcome { get; set; }
    }
}

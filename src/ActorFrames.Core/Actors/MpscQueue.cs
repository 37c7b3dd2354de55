using System.Numerics;
using System.Runtime.InteropServices;

namespace ActorFrames.Actors;

/// <summary>
/// An unbounded multi-producer single-consumer FIFO queue of structs. Each segment is a ring whose slots
/// carry sequence numbers (a producer claims a slot with one compare-and-swap, then publishes it); a full
/// segment is frozen and a twice larger one is linked after it. A queue that stays within one segment
/// reuses it forever, so steady-state traffic allocates nothing, and a new queue costs one small segment.
/// </summary>
/// <remarks>
/// The consumer side (<see cref="TryDequeue"/>, <see cref="HasClaims"/>) must be used by one thread at a
/// time. A producer's successful claim (a locked instruction) happens before it returns, so a producer that
/// checks the mailbox status after <see cref="Enqueue"/> and a consumer that clears its status and then
/// calls <see cref="HasClaims"/> cannot both miss each other.
/// </remarks>
internal sealed class MpscQueue<T>
{
    // A queue keeps its last segment after a burst, so cap what an idle actor can hold on to (16 Ki slots, about 400 KB).
    private const int MaxSegmentCapacity = 1 << 14;

    private Segment _head;
    private volatile Segment _tail;

    public MpscQueue(int initialCapacity)
    {
        _head = _tail = new Segment(initialCapacity);
    }

    /// <summary>An approximate count, safe to read from any thread.</summary>
    public int ApproximateCount
    {
        get
        {
            int count = 0;
            for (var segment = Volatile.Read(ref _head); segment is not null; segment = segment.Next)
            {
                count += segment.ApproximateCount;
            }

            return count;
        }
    }

    public void Enqueue(in T item)
    {
        if (!_tail.TryEnqueue(item))
        {
            EnqueueSlow(item);
        }
    }

    /// <summary>Takes the oldest item; waits briefly for an item whose producer claimed but has not yet published it.</summary>
    public bool TryDequeue(out T item)
    {
        var segment = _head;
        while (true)
        {
            if (segment.TryDequeue(out item))
            {
                return true;
            }

            if (!segment.IsFrozen)
            {
                return false;
            }

            // Once frozen the segment's tail is final: empty now means empty for good.
            if (segment.TryDequeue(out item))
            {
                return true;
            }

            var next = segment.Next;
            var spinner = default(SpinWait);
            while (next is null)
            {
                spinner.SpinOnce();
                next = segment.Next;
            }

            Volatile.Write(ref _head, next);
            segment = next;
        }
    }

    /// <summary>Whether any item has been claimed by a producer and not yet taken (consumer side).</summary>
    public bool HasClaims()
    {
        var segment = Volatile.Read(ref _head);
        return segment.HasClaims || segment.IsFrozen;
    }

    private void EnqueueSlow(in T item)
    {
        while (true)
        {
            var segment = _tail;
            if (segment.TryEnqueue(item))
            {
                return;
            }

            lock (segment)
            {
                if (_tail == segment)
                {
                    segment.Freeze();
                    var next = new Segment(Math.Min(segment.Capacity * 2, MaxSegmentCapacity));
                    segment.Next = next;
                    _tail = next;
                }
            }
        }
    }

    [StructLayout(LayoutKind.Auto)]
    private struct Slot
    {
        public T Item;
        public int Sequence;
    }

    private sealed class Segment
    {
        private readonly Slot[] _slots;
        private readonly int _mask;
        private volatile Segment? _next;
        private QueueIndices _indices;

        public Segment(int capacity)
        {
            capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 2));
            _slots = new Slot[capacity];
            _mask = capacity - 1;
            for (int i = 0; i < capacity; i++)
            {
                _slots[i].Sequence = i;
            }
        }

        public int Capacity => _slots.Length;

        public Segment? Next
        {
            get => _next;
            set => _next = value;
        }

        private int FreezeOffset => _slots.Length * 2;

        public bool IsFrozen => Volatile.Read(ref _indices.Tail) - Volatile.Read(ref _indices.Head) > _slots.Length;

        public bool HasClaims => Claimed(Volatile.Read(ref _indices.Head)) > 0;

        public int ApproximateCount => Math.Max(0, Claimed(Volatile.Read(ref _indices.Head)));

        public bool TryEnqueue(in T item)
        {
            var slots = _slots;
            while (true)
            {
                int tail = Volatile.Read(ref _indices.Tail);
                ref var slot = ref slots[tail & _mask];
                int diff = Volatile.Read(ref slot.Sequence) - tail;
                if (diff == 0)
                {
                    if (Interlocked.CompareExchange(ref _indices.Tail, tail + 1, tail) == tail)
                    {
                        slot.Item = item;
                        Volatile.Write(ref slot.Sequence, tail + 1);
                        return true;
                    }
                }
                else if (diff < 0)
                {
                    return false;
                }
            }
        }

        public bool TryDequeue(out T item)
        {
            int head = _indices.Head;
            ref var slot = ref _slots[head & _mask];
            if (Volatile.Read(ref slot.Sequence) != head + 1)
            {
                if (Claimed(head) <= 0)
                {
                    item = default!;
                    return false;
                }

                var spinner = default(SpinWait);
                while (Volatile.Read(ref slot.Sequence) != head + 1)
                {
                    spinner.SpinOnce();
                }
            }

            item = slot.Item;
            slot.Item = default!;
            Volatile.Write(ref slot.Sequence, head + _slots.Length);
            Volatile.Write(ref _indices.Head, head + 1);
            return true;
        }

        /// <summary>Moves the tail far ahead so that every later enqueue sees the segment as full.</summary>
        public void Freeze()
        {
            int tail = Volatile.Read(ref _indices.Tail);
            while (true)
            {
                int seen = Interlocked.CompareExchange(ref _indices.Tail, tail + FreezeOffset, tail);
                if (seen == tail)
                {
                    return;
                }

                tail = seen;
            }
        }

        private int Claimed(int head)
        {
            int ahead = Volatile.Read(ref _indices.Tail) - head;
            return ahead > _slots.Length ? ahead - FreezeOffset : ahead;
        }
    }
}

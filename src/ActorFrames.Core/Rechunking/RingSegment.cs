using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using ActorFrames.Frames;

namespace ActorFrames.Rechunking;

/// <summary>
/// One pooled block of a rechunker's segment ring. Frames are copied into it once; chunks are leased slices
/// of it. It is reference-counted: the ring holds one reference while it writes into the segment, and every
/// chunk leased from it holds one, so its array returns to the pool only when the last chunk is disposed.
/// Written regions are never written again while the segment lives, so a handler's chunk never changes.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class RingSegment<T> : IChunkLease
    where T : unmanaged
{
    private const int MaxPooledSegments = 256;
    private static readonly ConcurrentQueue<RingSegment<T>> s_pool = new();
    private static int s_pooled;

    private T[] _array = [];
    private int _refCount;

    private RingSegment()
    {
    }

    /// <summary>Gets the segment's array.</summary>
    public T[] Array => _array;

    /// <summary>Gets the absolute stream position of the array's first element.</summary>
    public long Origin { get; private set; }

    /// <summary>Gets or sets how many elements of the array hold data.</summary>
    public int Filled { get; set; }

    /// <summary>Gets the number of live references (for tests).</summary>
    public int ReferenceCount => Volatile.Read(ref _refCount);

    /// <summary>Rents a segment holding one reference (the ring's).</summary>
    /// <param name="capacity">The least number of elements.</param>
    /// <param name="origin">The absolute stream position of its first element.</param>
    /// <returns>The segment.</returns>
    public static RingSegment<T> Rent(int capacity, long origin)
    {
        RingSegment<T> segment;
        if (s_pool.TryDequeue(out var pooled))
        {
            Interlocked.Decrement(ref s_pooled);
            segment = pooled;
        }
        else
        {
            segment = new RingSegment<T>();
        }

        segment._array = ArrayPool<T>.Shared.Rent(capacity);
        segment.Origin = origin;
        segment.Filled = 0;
        segment._refCount = 1;
        return segment;
    }

    /// <summary>Adds a reference (one per chunk leased from the segment).</summary>
    public void Retain()
    {
        var after = Interlocked.Increment(ref _refCount);
        Debug.Assert(after > 1, "A segment was retained after its last reference was released.");
    }

    /// <summary>Drops a reference; the last one returns the array and the segment to their pools.</summary>
    public void Release()
    {
        var after = Interlocked.Decrement(ref _refCount);
        if (after > 0)
        {
            return;
        }

        Debug.Assert(after == 0, "A segment was released more often than it was retained.");
        ArrayPool<T>.Shared.Return(_array);
        _array = [];
        Filled = 0;
        if (Interlocked.Increment(ref s_pooled) <= MaxPooledSegments)
        {
            s_pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref s_pooled);
        }
    }
}

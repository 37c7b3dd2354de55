using System.Diagnostics;

namespace ActorFrames.Rechunking;

/// <summary>
/// Where each frame written into a rechunker's ring starts and when its first element was taken: the
/// history a consumer needs to time a chunk by its first element. Marks are numbered from 0 for the whole
/// stream; the ring keeps those a consumer may still need and grows only when all of them are needed.
/// </summary>
internal sealed class FrameMarks
{
    private Mark[] _items = new Mark[64];
    private int _head;
    private int _count;
    private long _first;

    /// <summary>Gets the number the next mark pushed will get.</summary>
    public long Next => _first + _count;

    /// <summary>Gets whether the next push must first make room.</summary>
    public bool IsFull => _count == _items.Length;

    /// <summary>Gets the stream position where frame mark <paramref name="index"/> starts.</summary>
    /// <param name="index">The mark's number.</param>
    /// <returns>The absolute position of the frame's first element.</returns>
    public long StartOf(long index) => _items[Slot(index)].Start;

    /// <summary>Gets the timestamp of frame mark <paramref name="index"/>.</summary>
    /// <param name="index">The mark's number.</param>
    /// <returns>The time of the frame's first element.</returns>
    public DateTimeOffset TimestampOf(long index) => _items[Slot(index)].Timestamp;

    /// <summary>Appends a mark; call <see cref="DropBefore"/> first when <see cref="IsFull"/>.</summary>
    /// <param name="start">The frame's absolute start position.</param>
    /// <param name="timestamp">The frame's timestamp.</param>
    public void Push(long start, DateTimeOffset timestamp)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        var slot = _head + _count;
        if (slot >= _items.Length)
        {
            slot -= _items.Length;
        }

        _items[slot] = new Mark(start, timestamp);
        _count++;
    }

    /// <summary>Forgets marks numbered below <paramref name="index"/>.</summary>
    /// <param name="index">The first mark still needed.</param>
    public void DropBefore(long index)
    {
        var drop = (int)Math.Min(Math.Max(index - _first, 0), _count);
        _head = (_head + drop) % _items.Length;
        _count -= drop;
        _first += drop;
    }

    private int Slot(long index)
    {
        Debug.Assert(index >= _first && index < _first + _count, "A consumer asked for a frame mark the ring no longer holds.");
        var slot = _head + (int)(index - _first);
        return slot >= _items.Length ? slot - _items.Length : slot;
    }

    private void Grow()
    {
        var items = new Mark[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            items[i] = _items[(_head + i) % _items.Length];
        }

        _items = items;
        _head = 0;
    }

    private readonly record struct Mark(long Start, DateTimeOffset Timestamp);
}

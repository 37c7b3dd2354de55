using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ActorFrames.Frames;

/// <summary>
/// A block of interleaved elements as a source produced it: read-only once published, shared by every
/// consumer of the source, and reference-counted so that its pooled memory returns when the last
/// consumer releases it.
/// </summary>
/// <typeparam name="T">The element type: <see cref="byte"/>, <see cref="short"/>, <see cref="int"/>, <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// The creator of a frame (<see cref="Rent(int, in FrameInfo)"/> or <see cref="Copy(ReadOnlySpan{T}, in FrameInfo)"/>) holds one
/// reference. Whoever hands the frame to another owner calls <see cref="Retain()"/> first; every owner calls
/// <see cref="Release"/> exactly once when done. Frame objects and their arrays are pooled, so a frame must
/// not be touched after its owner released it.
/// </remarks>
public sealed class Frame<T>
    where T : unmanaged
{
    private const int MaxPooledFrames = 4096;
    private static readonly ConcurrentQueue<Frame<T>> s_pool = new();
    private static int s_pooled;

    private T[] _buffer = [];
    private int _length;
    private int _refCount;
    private FrameInfo _info;

    private Frame()
    {
    }

    /// <summary>Gets the frame's elements.</summary>
    public ReadOnlyMemory<T> Memory => new(_buffer, 0, _length);

    /// <summary>Gets the frame's elements.</summary>
    public ReadOnlySpan<T> Span => new(_buffer, 0, _length);

    /// <summary>Gets the number of elements (all channels).</summary>
    public int Length => _length;

    /// <summary>Gets the number of elements per channel (<see cref="Length"/> / <see cref="FrameInfo.Channels"/>).</summary>
    public int FrameCount => _length / _info.Channels;

    /// <summary>Gets the frame's source, sequence, timestamp, channel count and rate.</summary>
    public ref readonly FrameInfo Info => ref _info;

    /// <summary>Gets the source that produced the frame.</summary>
    public SourceId Source => _info.Source;

    /// <summary>Gets the frame's position in its source.</summary>
    public long Sequence => _info.Sequence;

    /// <summary>Gets the time of the frame's first element.</summary>
    public DateTimeOffset Timestamp => _info.Timestamp;

    /// <summary>Gets the number of interleaved channels.</summary>
    public int Channels => _info.Channels;

    /// <summary>Gets the rate in elements per second per channel, or <see langword="null"/>.</summary>
    public double? SampleRate => _info.SampleRate;

    /// <summary>Gets the number of live references (for diagnostics and tests).</summary>
    public int ReferenceCount => Volatile.Read(ref _refCount);

    /// <summary>
    /// Rents a frame of <paramref name="length"/> elements whose content the caller writes through
    /// <see cref="GetWriteSpan"/> or <see cref="GetWriteMemory"/> before publishing it.
    /// </summary>
    /// <param name="length">The number of elements; a multiple of the channel count.</param>
    /// <param name="info">The frame's source, sequence, timestamp, channels and rate.</param>
    /// <returns>A frame holding one reference, owned by the caller.</returns>
    public static Frame<T> Rent(int length, in FrameInfo info)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(info.Channels, "info.Channels");
        if (length % info.Channels != 0)
        {
            ThrowNotWholeFrames(length, info.Channels);
        }

        if (info.SampleRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(info), rate, "info.SampleRate must be a positive finite number of elements per second per channel, or null.");
        }

        var frame = s_pool.TryDequeue(out var pooled) ? pooled : new Frame<T>();
        if (!ReferenceEquals(pooled, null))
        {
            Interlocked.Decrement(ref s_pooled);
        }

        frame._buffer = length == 0 ? [] : ArrayPool<T>.Shared.Rent(length);
        frame._length = length;
        frame._info = info;
        frame._refCount = 1;
        return frame;
    }

    /// <summary>Rents a frame and copies <paramref name="data"/> into it.</summary>
    /// <param name="data">The elements, interleaved by channel.</param>
    /// <param name="info">The frame's source, sequence, timestamp, channels and rate.</param>
    /// <returns>A frame holding one reference, owned by the caller.</returns>
    public static Frame<T> Copy(ReadOnlySpan<T> data, in FrameInfo info)
    {
        var frame = Rent(data.Length, info);
        data.CopyTo(frame._buffer);
        return frame;
    }

    /// <summary>
    /// Gets the writable elements. Only the creator may write, and only before the frame is shared.
    /// </summary>
    /// <returns>The frame's elements.</returns>
    public Span<T> GetWriteSpan() => new(_buffer, 0, _length);

    /// <summary>
    /// Gets the writable elements as memory (for asynchronous reads). Only the creator may write, and only
    /// before the frame is shared.
    /// </summary>
    /// <returns>The frame's elements.</returns>
    public Memory<T> GetWriteMemory() => new(_buffer, 0, _length);

    /// <summary>Shortens the frame after a short read, before it is shared.</summary>
    /// <param name="length">The new length: no more than the current one and a multiple of the channel count.</param>
    public void Shrink(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        if (length % _info.Channels != 0)
        {
            ThrowNotWholeFrames(length, _info.Channels);
        }

        _length = length;
    }

    /// <summary>Adds a reference before handing the frame to another owner.</summary>
    /// <exception cref="ObjectDisposedException">The frame was already released by all its owners.</exception>
    public void Retain()
    {
        var before = Interlocked.Increment(ref _refCount) - 1;
        if (before <= 0)
        {
            ThrowReleased();
        }
    }

    /// <summary>Adds <paramref name="count"/> references at once (one per consumer a source pushes to).</summary>
    /// <param name="count">The number of references to add.</param>
    public void Retain(int count)
    {
        if (count <= 0)
        {
            return;
        }

        var before = Interlocked.Add(ref _refCount, count) - count;
        if (before <= 0)
        {
            ThrowReleased();
        }
    }

    /// <summary>Drops one reference; the last one returns the memory and the frame to their pools.</summary>
    public void Release()
    {
        var after = Interlocked.Decrement(ref _refCount);
        if (after > 0)
        {
            return;
        }

        if (after < 0)
        {
            ThrowReleased();
        }

        if (_buffer.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_buffer);
        }

        _buffer = [];
        _length = 0;
        _info = default;
        if (Interlocked.Increment(ref s_pooled) <= MaxPooledFrames)
        {
            s_pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref s_pooled);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Frame<{typeof(T).Name}>({_info.Source}#{_info.Sequence}, {_length} elements, {_info.Channels} ch)";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotWholeFrames(int length, int channels)
        => throw new ArgumentException($"length {length} is not a multiple of the channel count {channels}: interleaved frames hold whole samples for every channel.", nameof(length));

    [MethodImpl(MethodImplOptions.NoInlining)]
    [StackTraceHidden]
    private static void ThrowReleased()
        => throw new ObjectDisposedException(nameof(Frame<T>), "The frame was already released by all its owners; it may have been reused.");
}

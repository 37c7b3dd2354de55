using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ActorFrames.Frames;

/// <summary>
/// A consumer-sized block of elements cut from a stream of frames. A chunk owns its pooled memory (or a
/// lease on a shared segment); exactly one handler receives it, and the worker that ran the handler
/// disposes it when the handler finishes. A handler must not keep the chunk, or its memory, after that.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Chunk<T> : IDisposable
    where T : unmanaged
{
    private const int MaxPooledChunks = 1024;
    private static readonly ConcurrentQueue<Chunk<T>> s_pool = new();
    private static int s_pooled;

    private T[] _array = [];
    private int _offset;
    private int _length;
    private IChunkLease? _lease;
    private ChunkInfo _info;
    private int _disposed = 1;
    private int _generation;
    private bool _recycle = true;

    private Chunk()
    {
    }

    /// <summary>Gets the chunk's elements.</summary>
    public ReadOnlyMemory<T> Memory => new(_array, _offset, _length);

    /// <summary>Gets the chunk's elements.</summary>
    public ReadOnlySpan<T> Span => new(_array, _offset, _length);

    /// <summary>Gets the number of elements (all channels).</summary>
    public int Length => _length;

    /// <summary>Gets the chunk's metadata.</summary>
    public ref readonly ChunkInfo Info => ref _info;

    /// <summary>Gets the consumer the chunk was cut for.</summary>
    public string Consumer => _info.Consumer;

    /// <summary>Gets the chunk's position in its consumer's output for its stream.</summary>
    public long Sequence => _info.Sequence;

    /// <summary>Gets the time of the chunk's first element.</summary>
    public DateTimeOffset Timestamp => _info.Timestamp;

    /// <summary>Gets whether this is the shorter tail at the end of the stream.</summary>
    public bool IsPartial => _info.IsPartial;

    /// <summary>Gets the number of interleaved channels.</summary>
    public int Channels => _info.Channels;

    /// <summary>Gets the rate in elements per second per channel, or <see langword="null"/>.</summary>
    public double? SampleRate => _info.SampleRate;

    /// <summary>Gets whether the chunk was disposed (its memory returned).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Gets how many times this chunk object was disposed. Chunk objects are pooled: a holder that remembers the
    /// generation it was given can tell its chunk from the same object reused for another one.
    /// </summary>
    internal int Generation => Volatile.Read(ref _generation);

    /// <summary>Creates a chunk holding a copy of <paramref name="data"/> (for tests and adapters).</summary>
    /// <remarks>
    /// The copy lives in a pooled array, which returns to its pool at the first <see cref="Dispose"/>. Once the chunk is
    /// handed on (to a dispatcher, which owns it from then on and may read it long after the call returned), do not
    /// dispose it: a <c>using</c> declaration around the hand-off would return the array while it is still read. The
    /// chunk object itself is never reused, so a stray second dispose after its owner's does no harm.
    /// </remarks>
    /// <param name="data">The elements.</param>
    /// <param name="info">The chunk's metadata.</param>
    /// <returns>A chunk owned by the caller.</returns>
    public static Chunk<T> Copy(ReadOnlySpan<T> data, in ChunkInfo info)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(info.Channels, "info.Channels");
        var chunk = new Chunk<T> { _disposed = 0, _recycle = false };
        chunk._array = data.Length == 0 ? [] : ArrayPool<T>.Shared.Rent(data.Length);
        chunk._length = data.Length;
        chunk._info = info;
        data.CopyTo(chunk._array);
        return chunk;
    }

    /// <summary>Rents a chunk with its own pooled array of <paramref name="length"/> elements.</summary>
    /// <param name="length">The number of elements.</param>
    /// <param name="info">The chunk's metadata.</param>
    /// <param name="data">The writable elements, valid until the chunk is handed on.</param>
    /// <returns>A chunk owned by the caller.</returns>
    internal static Chunk<T> Rent(int length, in ChunkInfo info, out Span<T> data)
    {
        var chunk = Take();
        chunk._array = length == 0 ? [] : ArrayPool<T>.Shared.Rent(length);
        chunk._offset = 0;
        chunk._length = length;
        chunk._lease = null;
        chunk._info = info;
        data = new Span<T>(chunk._array, 0, length);
        return chunk;
    }

    /// <summary>Wraps a leased slice of a shared segment; disposing the chunk releases the lease.</summary>
    /// <param name="array">The segment's array.</param>
    /// <param name="offset">Where the chunk starts in it.</param>
    /// <param name="length">The number of elements.</param>
    /// <param name="lease">The lease to release on dispose.</param>
    /// <param name="info">The chunk's metadata.</param>
    /// <returns>A chunk owned by the caller.</returns>
    internal static Chunk<T> Lease(T[] array, int offset, int length, IChunkLease lease, in ChunkInfo info)
    {
        var chunk = Take();
        chunk._array = array;
        chunk._offset = offset;
        chunk._length = length;
        chunk._lease = lease;
        chunk._info = info;
        return chunk;
    }

    /// <summary>Replaces the metadata before the chunk is handed on (e.g. to mark it partial or count drops).</summary>
    /// <param name="info">The new metadata.</param>
    internal void SetInfo(in ChunkInfo info) => _info = info;

    /// <summary>
    /// Returns the chunk's memory to its pool. Only the first call has an effect. Chunks cut by ActorFrames are pooled
    /// objects: once one is handed on (to a dispatcher or a handler's worker, which dispose it), do not touch it again.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Only the caller that won the exchange above gets here: a plain increment, published for Generation's readers.
        Volatile.Write(ref _generation, _generation + 1);

        if (_lease is { } lease)
        {
            lease.Release();
        }
        else if (_array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_array);
        }

        _array = [];
        _lease = null;
        _length = 0;
        _info = default;

        // A pooled chunk object is reused by the next Rent or Lease: a stale reference must not dispose it again.
        if (_recycle && Interlocked.Increment(ref s_pooled) <= MaxPooledChunks)
        {
            s_pool.Enqueue(this);
        }
        else if (_recycle)
        {
            Interlocked.Decrement(ref s_pooled);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Chunk<{typeof(T).Name}>({_info.Consumer}#{_info.Sequence}, {_length} elements{(_info.IsPartial ? ", partial" : string.Empty)})";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Chunk<T> Take()
    {
        Chunk<T> chunk;
        if (s_pool.TryDequeue(out var pooled))
        {
            Interlocked.Decrement(ref s_pooled);
            chunk = pooled;
        }
        else
        {
            chunk = new Chunk<T>();
        }

        chunk._disposed = 0;
        return chunk;
    }
}

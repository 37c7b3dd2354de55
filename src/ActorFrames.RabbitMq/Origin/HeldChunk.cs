using System.Buffers;
using System.Runtime.InteropServices;
using ActorFrames.Frames;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>
/// A spool entry's body while it is still the accepted chunk itself: the chunk's elements seen as bytes, published
/// without a copy. The chunk (and with it the lease on its producer's memory) is held until its entry is recycled:
/// the broker confirmed the message, the entry was dropped, the accept was cancelled or failed, or the spool was
/// disposed; or until the body went to the spool directory.
/// </summary>
/// <remarks>
/// The release runs wherever the entry ends: on the client's thread that reads confirms, on the dispatching thread
/// (a cancelled or failed accept), in the caller of a drop, in the spool's disposal, or under the spool's lock when the
/// body goes to disk. A lease's <see cref="IChunkLease.Release"/> must be cheap and thread-safe, as the rechunker's
/// segments are.
/// </remarks>
internal abstract class HeldBody : MemoryManager<byte>
{
    /// <summary>Gets a value indicating whether a chunk is held.</summary>
    public abstract bool IsHolding { get; }

    /// <summary>Gets a value indicating whether the held chunk was disposed by code that had handed it on: its bytes are gone.</summary>
    public abstract bool IsBroken { get; }

    /// <summary>Disposes the held chunk (its memory returns to its producer); nothing when none is held.</summary>
    public abstract void Release();

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => Release();
}

/// <summary>The <see cref="HeldBody"/> of chunks of <typeparamref name="T"/>; one per spool entry, reused for every chunk it carries.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class HeldChunk<T> : HeldBody
    where T : unmanaged
{
    private Chunk<T>? _chunk;
    private int _generation;

    /// <inheritdoc />
    public override bool IsHolding => Volatile.Read(ref _chunk) is not null;

    /// <inheritdoc />
    public override bool IsBroken => Volatile.Read(ref _chunk) is { } chunk && (chunk.IsDisposed || chunk.Generation != _generation);

    /// <summary>Takes ownership of <paramref name="chunk"/> until <see cref="Release"/>.</summary>
    /// <param name="chunk">The accepted chunk.</param>
    public void Hold(Chunk<T> chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (Volatile.Read(ref _chunk) is not null)
        {
            throw new InvalidOperationException("The holder already holds a chunk.");
        }

        _generation = chunk.Generation;
        Volatile.Write(ref _chunk, chunk);
    }

    /// <inheritdoc />
    public override void Release()
    {
        // A chunk object disposed behind the holder's back may carry another chunk by now: that one is not ours to dispose.
        if (Interlocked.Exchange(ref _chunk, null) is { } chunk && chunk.Generation == _generation)
        {
            chunk.Dispose();
        }
    }

    /// <inheritdoc />
    /// <remarks>The span is writable only because <see cref="MemoryManager{T}"/> says so; nothing writes to it.</remarks>
    public override Span<byte> GetSpan()
    {
        var elements = Current().Span;
        return MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(elements), elements.Length));
    }

    /// <inheritdoc />
    /// <remarks>The pointer is valid while the chunk is held.</remarks>
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        var chunk = Current();
        if (!MemoryMarshal.TryGetArray(chunk.Memory, out var segment) || segment.Array is not { } array)
        {
            throw new NotSupportedException("A held chunk's elements live in an array.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, segment.Count * sizeof(T));
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        var start = (byte*)handle.AddrOfPinnedObject() + ((long)segment.Offset * sizeof(T)) + elementIndex;
        return new MemoryHandle(start, handle);
    }

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <summary>The held chunk; a chunk disposed by someone else would publish nothing, or another stream's bytes once reused.</summary>
    private Chunk<T> Current()
    {
        var chunk = Volatile.Read(ref _chunk);
        if (chunk is null || IsBroken)
        {
            throw new ObjectDisposedException(nameof(HeldChunk<T>), "The held chunk was released, or disposed by code that had handed it on.");
        }

        return chunk;
    }
}

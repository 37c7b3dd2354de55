using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorFrames.Sources;

/// <summary>
/// Presents the elements of a <typeparamref name="T"/> array as <see cref="Memory{T}"/> of bytes, so that a stream can
/// read straight into a frame's elements without a staging copy. One instance is reused by one reader: each
/// <see cref="View"/> call retargets it, and the memory it returned before becomes invalid.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ByteViewMemoryManager<T> : MemoryManager<byte>
    where T : unmanaged
{
    private T[] _array = [];
    private int _byteLength;

    /// <summary>Retargets the view on the first <paramref name="elements"/> elements of <paramref name="array"/>.</summary>
    /// <param name="array">The array to view.</param>
    /// <param name="elements">How many elements, from the start.</param>
    /// <returns>Those elements' bytes.</returns>
    public Memory<byte> View(T[] array, int elements)
    {
        _array = array;
        _byteLength = checked(elements * Unsafe.SizeOf<T>());
        return CreateMemory(_byteLength);
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(_array.AsSpan()).Slice(0, _byteLength);

    /// <inheritdoc />
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _byteLength);
        var handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        var pointer = (byte*)handle.AddrOfPinnedObject() + elementIndex;
        return new MemoryHandle(pointer, handle, this);
    }

    /// <inheritdoc />
    public override void Unpin()
    {
        // The GCHandle in the MemoryHandle is freed by MemoryHandle.Dispose; nothing else is pinned here.
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _array = [];
        _byteLength = 0;
    }
}

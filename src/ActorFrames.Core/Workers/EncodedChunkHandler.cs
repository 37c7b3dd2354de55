using System.Buffers;
using System.Runtime.InteropServices;
using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>Adapts a typed handler to raw bytes in and encoded result out.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
internal sealed class EncodedChunkHandler<T, TResult>(string name, IChunkHandler<T, TResult> handler, IResultCodec<TResult> codec) : IEncodedChunkHandler
    where T : unmanaged
{
    /// <inheritdoc />
    public ElementType ElementType { get; } = ElementTypes.Of<T>();

    /// <inheritdoc />
    public ValueTask InvokeAsync(ReadOnlySpan<byte> body, ChunkInfo info, IBufferWriter<byte> result, CancellationToken cancellationToken)
    {
        var chunk = Rent(body, info);
        return Run(chunk, result, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask InvokeAsync(ReadOnlyMemory<byte> body, ChunkInfo info, IBufferWriter<byte> result, CancellationToken cancellationToken)
    {
        // A byte handler reads the body where it lies; other element types need an aligned copy of their own.
        if (typeof(T) == typeof(byte) && MemoryMarshal.TryGetArray(body, out var segment) && segment.Array is { } array)
        {
            var borrowed = Chunk<T>.Lease((T[])(object)array, segment.Offset, segment.Count, BorrowedMemory.Instance, info);
            return Run(borrowed, result, cancellationToken);
        }

        return InvokeAsync(body.Span, info, result, cancellationToken);
    }

    private Chunk<T> Rent(ReadOnlySpan<byte> body, in ChunkInfo info)
    {
        var size = ElementTypes.SizeOf(ElementType);
        if (body.Length % size != 0)
        {
            throw new FormatException($"Handler '{name}' takes {ElementType} elements ({size} bytes each), but the chunk {info.Consumer}#{info.Sequence} has {body.Length} bytes.");
        }

        var chunk = Chunk<T>.Rent(body.Length / size, info, out var span);
        body.CopyTo(MemoryMarshal.AsBytes(span));
        return chunk;
    }

    private ValueTask Run(Chunk<T> chunk, IBufferWriter<byte> result, CancellationToken cancellationToken)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = handler.HandleAsync(chunk, cancellationToken);
        }
        catch
        {
            chunk.Dispose();
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            chunk.Dispose();
            codec.Write(pending.Result, result);
            return ValueTask.CompletedTask;
        }

        return AwaitAsync(pending, chunk, codec, result);

        static async ValueTask AwaitAsync(ValueTask<TResult> pending, Chunk<T> chunk, IResultCodec<TResult> codec, IBufferWriter<byte> result)
        {
            try
            {
                var value = await pending.ConfigureAwait(false);
                codec.Write(value, result);
            }
            finally
            {
                chunk.Dispose();
            }
        }
    }

    /// <summary>The lease of memory the chunk only borrows: the caller keeps it valid until the handler finished.</summary>
    private sealed class BorrowedMemory : IChunkLease
    {
        public static readonly BorrowedMemory Instance = new();

        public void Release()
        {
        }
    }
}

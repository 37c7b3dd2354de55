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
        var size = ElementTypes.SizeOf(ElementType);
        if (body.Length % size != 0)
        {
            throw new FormatException($"Handler '{name}' takes {ElementType} elements ({size} bytes each), but the chunk {info.Consumer}#{info.Sequence} has {body.Length} bytes.");
        }

        var chunk = Chunk<T>.Rent(body.Length / size, info, out var span);
        body.CopyTo(MemoryMarshal.AsBytes(span));
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
}

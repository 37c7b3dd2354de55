using System.Buffers;
using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>Runs a registered handler on a chunk given as raw little-endian bytes and writes its encoded result.</summary>
internal interface IEncodedChunkHandler
{
    /// <summary>Gets the element type the handler expects.</summary>
    ElementType ElementType { get; }

    /// <summary>Copies <paramref name="body"/> into a pooled chunk, runs the handler and writes the encoded result.</summary>
    /// <param name="body">The chunk's elements as bytes; only read before the first await.</param>
    /// <param name="info">The chunk's metadata.</param>
    /// <param name="result">Where the encoded result goes.</param>
    /// <param name="cancellationToken">Cancels the handler.</param>
    /// <returns>A task that completes when the result is written.</returns>
    ValueTask InvokeAsync(ReadOnlySpan<byte> body, ChunkInfo info, IBufferWriter<byte> result, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the handler on <paramref name="body"/> and writes the encoded result. A handler of bytes reads the body in
    /// place; others get a pooled copy.
    /// </summary>
    /// <param name="body">The chunk's elements as bytes; valid until the returned task completes.</param>
    /// <param name="info">The chunk's metadata.</param>
    /// <param name="result">Where the encoded result goes.</param>
    /// <param name="cancellationToken">Cancels the handler.</param>
    /// <returns>A task that completes when the result is written.</returns>
    ValueTask InvokeAsync(ReadOnlyMemory<byte> body, ChunkInfo info, IBufferWriter<byte> result, CancellationToken cancellationToken);
}

using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// Returns the <see cref="ChunkChecksum"/> of a chunk's bytes, except for chunks that start with
/// <see cref="BuiltInHandlers.PoisonMarker"/>: those throw every time, so that drills can watch a chunk being retried
/// up to the delivery limit and then dead-lettered.
/// </summary>
internal sealed class PoisonHandler : IChunkHandler<byte, long>
{
    /// <inheritdoc />
    public ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Span.StartsWith(BuiltInHandlers.PoisonMarker))
        {
            throw new InvalidDataException($"Chunk {chunk.Consumer}#{chunk.Sequence} of stream '{chunk.Info.Source}' starts with the poison marker; the '{BuiltInHandlers.Poison}' handler rejects it on every attempt.");
        }

        return ValueTask.FromResult(ChunkChecksum.Compute(chunk.Span));
    }
}

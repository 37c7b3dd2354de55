using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>Returns the <see cref="ChunkChecksum"/> of a chunk's bytes.</summary>
internal sealed class ChecksumHandler : IChunkHandler<byte, long>
{
    /// <inheritdoc />
    public ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return ValueTask.FromResult(ChunkChecksum.Compute(chunk.Span));
    }
}

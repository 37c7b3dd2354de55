using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// Returns the <see cref="ChunkChecksum"/> of a chunk's bytes after a fixed pause: a stand-in for real work, so that
/// drills can kill a worker while it holds chunks.
/// </summary>
/// <param name="delay">How long each chunk takes.</param>
/// <param name="timeProvider">The clock the pause runs on.</param>
internal sealed class SlowChecksumHandler(TimeSpan delay, TimeProvider timeProvider) : IChunkHandler<byte, long>
{
    /// <inheritdoc />
    public async ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var checksum = ChunkChecksum.Compute(chunk.Span);
        await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        return checksum;
    }
}

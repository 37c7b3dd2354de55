using System.Threading.Channels;
using ActorFrames.Frames;
using ActorFrames.Rechunking;

namespace ActorFrames.Streams;

/// <summary>Rechunks <see cref="System.Threading.Channels"/> channels of frames, without an actor system.</summary>
public static class ChannelRechunkExtensions
{
    /// <summary>
    /// Reads <paramref name="frames"/> as chunks: each read pulls frames until a chunk is cut, so nothing
    /// runs in the background and a slow reader leaves frames waiting in <paramref name="frames"/> (whose
    /// capacity and full mode decide between backpressure and dropping). The reader owns every frame it takes
    /// and releases it once copied; whoever reads a chunk owns it and disposes it. When the frame channel
    /// completes the tail is cut and then <see cref="ChannelReader{T}.Completion"/> completes; when it fails,
    /// the chunks still waiting are disposed and the failure is rethrown to readers. Chunks waiting when
    /// nobody reads any more are not disposed: read the reader to its end.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="frames">The frames of one source.</param>
    /// <param name="options">How to cut; validated now.</param>
    /// <param name="consumer">The name the chunks carry.</param>
    /// <returns>A reader of chunks, safe for concurrent readers.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ChannelReader<Chunk<T>> Rechunk<T>(this ChannelReader<Frame<T>> frames, RechunkOptions options, string consumer = "default")
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        return new RechunkingChannelReader<T>(frames, options, consumer);
    }
}

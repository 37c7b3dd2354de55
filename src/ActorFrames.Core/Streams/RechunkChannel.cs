using System.Threading.Channels;
using ActorFrames.Frames;
using ActorFrames.Rechunking;

namespace ActorFrames.Streams;

/// <summary>Creates channels that take frames in and give chunks out.</summary>
public static class RechunkChannel
{
    /// <summary>
    /// Creates a channel whose writer takes frames (ownership passes to the channel with each successful
    /// write) and whose reader gives chunks, cut as <paramref name="options"/> say. Frames wait in a frame
    /// channel built from <paramref name="frameChannel"/>; a frame it drops (for example with
    /// <see cref="BoundedChannelFullMode.DropOldest"/>) is released. Completing the writer cuts the tail.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="options">How to cut; validated now.</param>
    /// <param name="frameChannel">Capacity and full mode of the frames waiting to be cut; unbounded when <see langword="null"/>.</param>
    /// <param name="consumer">The name the chunks carry.</param>
    /// <returns>The channel.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static Channel<Frame<T>, Chunk<T>> Create<T>(RechunkOptions options, BoundedChannelOptions? frameChannel = null, string consumer = "default")
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        var frames = frameChannel is null
            ? Channel.CreateUnbounded<Frame<T>>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false })
            : Channel.CreateBounded<Frame<T>>(frameChannel, static dropped => dropped.Release());
        return new Pair<T>(frames.Writer, frames.Reader.Rechunk(options, consumer));
    }

    private sealed class Pair<T> : Channel<Frame<T>, Chunk<T>>
        where T : unmanaged
    {
        public Pair(ChannelWriter<Frame<T>> writer, ChannelReader<Chunk<T>> reader)
        {
            Writer = writer;
            Reader = reader;
        }
    }
}

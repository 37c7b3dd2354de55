using ActorFrames.Frames;

namespace ActorFrames.Handlers;

/// <summary>How long a chunk lasts, from its length, channel count and sample rate.</summary>
internal static class ChunkDuration
{
    /// <summary>Gets the duration of <paramref name="length"/> interleaved elements, rounded to the tick.</summary>
    /// <param name="length">The number of elements, all channels.</param>
    /// <param name="info">The chunk's metadata.</param>
    /// <returns>The duration, or <see cref="TimeSpan.Zero"/> when the chunk has no sample rate.</returns>
    public static TimeSpan Of(int length, in ChunkInfo info)
    {
        if (info.SampleRate is not { } rate || info.Channels <= 0)
        {
            return TimeSpan.Zero;
        }

        var frames = length / info.Channels;
        return TimeSpan.FromTicks((long)Math.Round(frames * (double)TimeSpan.TicksPerSecond / rate));
    }
}

using System.Collections.Immutable;

namespace ActorFrames.Sources.Media;

/// <summary>What ffprobe reports about a media input: its container and its streams.</summary>
/// <param name="FormatName">The container's short name(s) (wav, ogg, "mov,mp4,m4a,3gp,3g2,mj2").</param>
/// <param name="FormatLongName">The container's descriptive name.</param>
/// <param name="Duration">The input's duration, when known (not for live devices).</param>
/// <param name="BitRate">The overall bit rate, when known.</param>
/// <param name="Metadata">The container's tags (title, artist, encoder).</param>
/// <param name="Streams">The streams, by index.</param>
public sealed record MediaInfo(
    string FormatName,
    string FormatLongName,
    TimeSpan? Duration,
    long? BitRate,
    ImmutableDictionary<string, string> Metadata,
    ImmutableArray<MediaStreamInfo> Streams)
{
    /// <summary>Gets the first audio stream, or null (ffmpeg's default choice among several is the first here).</summary>
    public MediaStreamInfo? DefaultAudio => FirstOf("audio");

    /// <summary>Gets the first video stream that is not an attached picture, or null.</summary>
    public MediaStreamInfo? DefaultVideo => FirstOf("video");

    private MediaStreamInfo? FirstOf(string type)
    {
        foreach (var stream in Streams)
        {
            if (stream.MediaType == type)
            {
                return stream;
            }
        }

        return null;
    }
}

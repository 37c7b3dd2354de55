using System.Collections.Immutable;

namespace ActorFrames.Sources.Media;

/// <summary>One stream of a media input, as ffprobe reports it.</summary>
/// <param name="Index">The stream's index in the input (ffmpeg's 0:N).</param>
/// <param name="MediaType">"audio", "video", "subtitle", "data" or "attachment".</param>
/// <param name="Codec">The codec's short name (pcm_s16le, vorbis, h264).</param>
/// <param name="CodecLongName">The codec's descriptive name.</param>
/// <param name="Format">The decoded sample format (s16, fltp) or pixel format (yuv420p), if any.</param>
/// <param name="BitRate">Bits per second, when known.</param>
/// <param name="FrameCount">The number of frames (packets) in the stream, when known.</param>
/// <param name="BitsPerSample">Valid bits per sample (0 for compressed audio).</param>
/// <param name="SampleRate">Audio samples per second per channel.</param>
/// <param name="Channels">Audio channels.</param>
/// <param name="ChannelLayout">The audio channel layout (stereo, 5.1), if known.</param>
/// <param name="Width">Video width in pixels.</param>
/// <param name="Height">Video height in pixels.</param>
/// <param name="FrameRate">Video frames per second (average, else nominal).</param>
/// <param name="Duration">The stream's duration, when known.</param>
/// <param name="Metadata">The stream's tags.</param>
public sealed record MediaStreamInfo(
    int Index,
    string MediaType,
    string Codec,
    string CodecLongName,
    string? Format,
    long? BitRate,
    long? FrameCount,
    int? BitsPerSample,
    int? SampleRate,
    int? Channels,
    string? ChannelLayout,
    int? Width,
    int? Height,
    double? FrameRate,
    TimeSpan? Duration,
    ImmutableDictionary<string, string> Metadata)
{
    /// <summary>Gets whether this is an audio stream.</summary>
    public bool IsAudio => MediaType == "audio";

    /// <summary>Gets whether this is a video stream.</summary>
    public bool IsVideo => MediaType == "video";
}

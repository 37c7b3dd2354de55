namespace ActorFrames.Sources.Media;

/// <summary>One audio output of a <see cref="MediaSource"/>: which stream, what format, and how it is chunked and buffered.</summary>
public sealed class AudioOutputOptions
{
    /// <summary>Gets or sets the output's name, appended to the input to form its <see cref="Frames.SourceId"/>.</summary>
    /// <value>"audio" followed by the output's position.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the sample frames (one sample per channel) per chunk; -1 emits whatever each read decoded.</summary>
    /// <value>4096.</value>
    public int FramesPerChunk { get; set; } = 4096;

    /// <summary>Gets or sets the chunks buffered for a lagging reader before the oldest is dropped; -1 never drops (the decoder waits instead).</summary>
    /// <value>3.</value>
    public int BufferChunkSize { get; set; } = 3;

    /// <summary>Gets or sets the input stream index (ffmpeg 0:N); null takes the first audio stream.</summary>
    /// <value><see langword="null"/>.</value>
    public int? StreamIndex { get; set; }

    /// <summary>Gets or sets the output rate (resampled); null keeps the input's.</summary>
    /// <value><see langword="null"/>.</value>
    public int? SampleRate { get; set; }

    /// <summary>Gets or sets the output channel count (remixed); null keeps the input's.</summary>
    /// <value><see langword="null"/>.</value>
    public int? Channels { get; set; }

    /// <summary>Gets or sets an extra ffmpeg audio filter chain applied before format conversion (e.g. "highpass=f=200").</summary>
    /// <value><see langword="null"/>.</value>
    public string? Filter { get; set; }

    internal void Validate()
    {
        ChunkingRules.Validate(FramesPerChunk, BufferChunkSize);
        if (StreamIndex is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamIndex), StreamIndex, "StreamIndex must be 0 or more, or null for the first audio stream.");
        }

        if (SampleRate is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "SampleRate must be positive, or null to keep the input's.");
        }

        if (Channels is <= 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "Channels must be 1..64, or null to keep the input's.");
        }
    }
}

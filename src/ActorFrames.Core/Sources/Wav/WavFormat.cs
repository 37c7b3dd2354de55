namespace ActorFrames.Sources.Wav;

/// <summary>The layout of the samples in a WAV file's data chunk.</summary>
/// <param name="SampleFormat">The sample encoding.</param>
/// <param name="Channels">The number of interleaved channels (1 to <see cref="MaxChannels"/>).</param>
/// <param name="SampleRate">Sample frames per second (each frame holds one sample per channel).</param>
/// <param name="ChannelMask">The WAVE_FORMAT_EXTENSIBLE speaker mask (0 when unassigned or not extensible).</param>
/// <param name="IsExtensible">Whether the fmt chunk is (or is written as) WAVE_FORMAT_EXTENSIBLE.</param>
public sealed record WavFormat(WavSampleFormat SampleFormat, int Channels, int SampleRate, uint ChannelMask = 0, bool IsExtensible = false)
{
    /// <summary>The largest channel count the reader accepts; more is treated as a corrupt header.</summary>
    public const int MaxChannels = 1024;

    /// <summary>Gets the bytes of one sample of one channel.</summary>
    public int BytesPerSample => BytesOf(SampleFormat);

    /// <summary>Gets the bytes of one sample frame (one sample per channel): the fmt chunk's block align.</summary>
    public int BlockAlign => BytesPerSample * Channels;

    /// <summary>Gets the bits per sample as stored in the fmt chunk.</summary>
    public int BitsPerSample => BytesPerSample * 8;

    /// <summary>
    /// Creates a format, choosing WAVE_FORMAT_EXTENSIBLE where Microsoft's rules require it (more than two channels or
    /// integer samples wider than 16 bits).
    /// </summary>
    /// <param name="sampleFormat">The sample encoding.</param>
    /// <param name="channels">The number of channels.</param>
    /// <param name="sampleRate">Sample frames per second.</param>
    /// <param name="channelMask">The speaker mask, or 0 for unassigned.</param>
    /// <returns>The validated format.</returns>
    public static WavFormat Create(WavSampleFormat sampleFormat, int channels, int sampleRate, uint channelMask = 0)
    {
        var extensible = channels > 2 || sampleFormat is WavSampleFormat.S24 or WavSampleFormat.S32 || channelMask != 0;
        var format = new WavFormat(sampleFormat, channels, sampleRate, channelMask, extensible);
        format.Validate();
        return format;
    }

    /// <summary>Checks the fields and throws when one is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(SampleFormat))
        {
            throw new ArgumentOutOfRangeException(nameof(SampleFormat), SampleFormat, "SampleFormat must be one of U8, S16, S24, S32, F32, F64.");
        }

        if (Channels is < 1 or > MaxChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, $"Channels must be between 1 and {MaxChannels}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SampleRate);
        if (!IsExtensible && ChannelMask != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelMask), ChannelMask, "ChannelMask needs IsExtensible: only WAVE_FORMAT_EXTENSIBLE stores a speaker mask.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{SampleFormat.ToString().ToLowerInvariant()} {Channels} ch {SampleRate} Hz{(IsExtensible ? " (extensible)" : string.Empty)}";

    internal static int BytesOf(WavSampleFormat format) => format switch
    {
        WavSampleFormat.U8 => 1,
        WavSampleFormat.S16 => 2,
        WavSampleFormat.S24 => 3,
        WavSampleFormat.S32 => 4,
        WavSampleFormat.F32 => 4,
        WavSampleFormat.F64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown WAV sample format."),
    };
}

namespace ActorFrames.Hosting;

/// <summary>Where the frames come from. Bound from <c>ActorFrames:Source</c>.</summary>
public sealed class SourceOptions
{
    /// <summary>The <see cref="Input"/> that selects the built-in test signal.</summary>
    public const string Generator = "generator";

    /// <summary>
    /// Gets or sets the input: <c>generator</c> (the built-in test signal), a WAV path, any ffmpeg input
    /// (file or URL), <c>mic</c> (the default capture device) or <c>-</c> (standard input).
    /// </summary>
    /// <value><c>generator</c>.</value>
    public string Input { get; set; } = Generator;

    /// <summary>Gets or sets whether a file is paced like a live source instead of read as fast as the consumers take it.</summary>
    /// <value><see langword="false"/>.</value>
    public bool Realtime { get; set; }

    /// <summary>Gets or sets how much of the input to take: bounds a live capture, sets the test signal's length.</summary>
    /// <value><see langword="null"/>: all of it (60 s for the test signal; until stopped for a live capture).</value>
    public TimeSpan? Duration { get; set; }

    /// <summary>Gets or sets the sample rate of the test signal or the capture device, in hertz.</summary>
    /// <value>16 000.</value>
    public int SampleRate { get; set; } = 16_000;

    /// <summary>Gets or sets the seed of the test signal's noise.</summary>
    /// <value>1.</value>
    public int Seed { get; set; } = 1;
}

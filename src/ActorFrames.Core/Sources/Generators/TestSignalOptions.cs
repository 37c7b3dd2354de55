namespace ActorFrames.Sources.Generators;

/// <summary>Settings of the built-in test signal.</summary>
public sealed class TestSignalOptions
{
    /// <summary>Gets or sets the sample rate in hertz (1000 to 384 000).</summary>
    /// <value>16 000.</value>
    public int SampleRate { get; set; } = 16_000;

    /// <summary>Gets or sets the length of the signal (more than zero, at most a day).</summary>
    /// <value>60 seconds.</value>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the number of samples per frame (1 to 1 048 576); the last frame may be shorter.</summary>
    /// <value>1024.</value>
    public int FrameSize { get; set; } = 1024;

    /// <summary>Gets or sets the seed of the noise sections.</summary>
    /// <value>1.</value>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets whether frames are paced on the clock like a live source, instead of as fast as they are taken.</summary>
    /// <value><see langword="false"/>.</value>
    public bool Realtime { get; set; }

    /// <summary>Gets or sets the name of the source in the frames' metadata.</summary>
    /// <value>"test-signal".</value>
    public string SourceName { get; set; } = "test-signal";

    /// <summary>Gets or sets the timestamp of the first sample, or <see langword="null"/> to take the clock's time at the start.</summary>
    /// <value><see langword="null"/>.</value>
    public DateTimeOffset? StartTime { get; set; }
}

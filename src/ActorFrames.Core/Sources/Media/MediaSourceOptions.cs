namespace ActorFrames.Sources.Media;

/// <summary>What a <see cref="MediaSource"/> opens and how it runs ffmpeg.</summary>
public sealed class MediaSourceOptions
{
    /// <summary>Gets or sets the input: a file path, a URL, a device name (with <see cref="InputFormat"/>) or a lavfi graph.</summary>
    /// <value>Empty: must be set.</value>
    public string Input { get; set; } = string.Empty;

    /// <summary>Gets or sets ffmpeg's input format (-f): a demuxer or a device such as "alsa" or "pulse"; null to let ffmpeg detect it.</summary>
    /// <value><see langword="null"/>.</value>
    public string? InputFormat { get; set; }

    /// <summary>Gets the input options passed before -i as "-key value" (e.g. sample_rate for a device); an empty value passes the flag alone ("re").</summary>
    /// <value>Empty.</value>
    public IDictionary<string, string> InputOptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the ffmpeg executable: a full path, or a name looked up on PATH.</summary>
    /// <value>"ffmpeg".</value>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Gets or sets the ffprobe executable: a full path, or a name looked up on PATH.</summary>
    /// <value>"ffprobe".</value>
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Gets or sets whether the input is probed with ffprobe before decoding (for stream info and defaults).</summary>
    /// <value><see langword="true"/>. Without a probe every output must state its rate, channels or frame size.</value>
    public bool ProbeInput { get; set; } = true;

    /// <summary>Gets or sets where decoding starts (ffmpeg -ss before -i); timestamps count from the input's start.</summary>
    /// <value><see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan StartAt { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Gets or sets how long to keep retrying while the input is temporarily unavailable (a busy or absent device): null
    /// never retries, <see cref="Timeout.InfiniteTimeSpan"/> retries forever.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public TimeSpan? RetryTimeout { get; set; }

    /// <summary>Gets or sets the first wait between retries; each later wait doubles, up to <see cref="MaxRetryBackoff"/>.</summary>
    /// <value>10 milliseconds.</value>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Gets or sets the longest wait between retries.</summary>
    /// <value>1 second.</value>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the ffmpeg error texts that mean "temporarily unavailable, try again" (matched case-insensitively).</summary>
    /// <value>"Resource temporarily unavailable", "Device or resource busy", "No such device", "Connection refused".</value>
    public IList<string> TransientErrors { get; } = ["Resource temporarily unavailable", "Device or resource busy", "No such device", "Connection refused"];

    /// <summary>
    /// Gets or sets the timestamp of the input's time zero. Null marks a live input: its timestamps come from the clock
    /// when decoding starts; a live device (null origin and an <see cref="InputFormat"/>) that fails with a transient
    /// error after delivering data is restarted (within <see cref="RetryTimeout"/>) and stamped from the clock again.
    /// Set it (for example to <see cref="DateTimeOffset.UnixEpoch"/>) for files, so timestamps read as positions.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public DateTimeOffset? Origin { get; set; }

    /// <summary>Checks the values and throws naming the first bad one.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Input, nameof(Input));
        ArgumentException.ThrowIfNullOrWhiteSpace(FfmpegPath, nameof(FfmpegPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(FfprobePath, nameof(FfprobePath));
        ArgumentOutOfRangeException.ThrowIfLessThan(StartAt, TimeSpan.Zero, nameof(StartAt));
        if (RetryTimeout is { } timeout && timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryTimeout), timeout, "RetryTimeout must be null (no retry), zero or positive, or Timeout.InfiniteTimeSpan (forever).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryBackoff, TimeSpan.Zero, nameof(RetryBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryBackoff, RetryBackoff, nameof(MaxRetryBackoff));
        foreach (var (key, _) in InputOptions)
        {
            if (string.IsNullOrWhiteSpace(key) || key.StartsWith('-'))
            {
                throw new ArgumentException($"InputOptions key '{key}' must be an ffmpeg option name without the leading '-'.", nameof(InputOptions));
            }
        }
    }
}

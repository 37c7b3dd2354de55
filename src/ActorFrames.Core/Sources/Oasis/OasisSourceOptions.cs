namespace ActorFrames.Sources.Oasis;

/// <summary>How an <see cref="OasisSource"/> reads its inputs and groups events into frames.</summary>
public sealed class OasisSourceOptions
{
    /// <summary>Gets or sets the bytes asked of an input per read.</summary>
    /// <value>65536, the Linux pipe capacity.</value>
    public int ReadBlockBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Gets or sets the largest frame: a frame holds as many whole events as fit. An event larger than this gets a
    /// frame of its own; events are never split.
    /// </summary>
    /// <value>65536.</value>
    public int TargetFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the largest single event accepted; a larger one is treated as a corrupt stream.</summary>
    /// <value>268435456 (256 MiB).</value>
    public int MaxEventBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>Checks the values and throws naming the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadBlockBytes, 64, nameof(ReadBlockBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(TargetFrameBytes, 64, nameof(TargetFrameBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEventBytes, 64, nameof(MaxEventBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxEventBytes, 1 << 30, nameof(MaxEventBytes));
    }
}

namespace ActorFrames.Sources.Wav;

/// <summary>How a <see cref="WavFrameSource{T}"/> cuts the file into frames and stamps them.</summary>
public sealed class WavSourceOptions
{
    /// <summary>Gets or sets the sample frames (one sample per channel) in each frame; 0 picks about 64 KiB of samples.</summary>
    /// <value>0.</value>
    public int FramesPerRead { get; set; }

    /// <summary>Gets or sets the timestamp of the first sample; later frames add their sample offset divided by the rate.</summary>
    /// <value><see cref="DateTimeOffset.UnixEpoch"/>, so that a timestamp reads as the position in the file.</value>
    public DateTimeOffset Origin { get; set; } = DateTimeOffset.UnixEpoch;
}

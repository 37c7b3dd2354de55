namespace ActorFrames.Rechunking;

/// <summary>How a consumer's chunks are cut from the stream of frames.</summary>
public enum RechunkMode
{
    /// <summary>
    /// Exact chunks of <see cref="RechunkOptions.Size"/> samples; what is left of a frame is carried into the
    /// next chunk, and a frame larger than the size yields several chunks in one write.
    /// </summary>
    Clip = 0,

    /// <summary>
    /// Whole frames only: a chunk is emitted as soon as the frames gathered hold at least
    /// <see cref="RechunkOptions.Size"/> samples, so its length is at least the size and no frame is ever split.
    /// </summary>
    WholeFrames = 1,
}

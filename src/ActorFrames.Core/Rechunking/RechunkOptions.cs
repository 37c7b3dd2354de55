namespace ActorFrames.Rechunking;

/// <summary>How one consumer cuts a stream of frames into chunks. Validated by <see cref="RechunkOptionsValidator"/>.</summary>
/// <remarks>
/// <para>
/// Sizes count <em>samples</em>: elements per channel. With interleaved frames of <c>c</c> channels a chunk of
/// <see cref="Size"/> samples holds <c>Size × c</c> elements, so a chunk never splits an interleaved sample.
/// For mono data a sample is one element.
/// </para>
/// <para>
/// Set exactly one of <see cref="Size"/> and <see cref="Duration"/>, and at most one of <see cref="Hop"/> and
/// <see cref="HopDuration"/>. Durations are converted to samples (rounded to the nearest) with
/// <see cref="SampleRate"/>, or with the first frame's rate when <see cref="SampleRate"/> is not set.
/// </para>
/// </remarks>
public sealed class RechunkOptions
{
    /// <summary>Gets or sets the chunk size in samples (elements per channel).</summary>
    /// <value>Default <see langword="null"/>: <see cref="Duration"/> gives the size.</value>
    public int? Size { get; set; }

    /// <summary>Gets or sets the chunk size as a duration; needs a sample rate.</summary>
    /// <value>Default <see langword="null"/>: <see cref="Size"/> gives the size.</value>
    public TimeSpan? Duration { get; set; }

    /// <summary>Gets or sets how many samples separate the starts of consecutive chunks (Clip mode only); at most the size.</summary>
    /// <value>Default <see langword="null"/>: the size, so chunks do not overlap (unless <see cref="HopDuration"/> is set).</value>
    public int? Hop { get; set; }

    /// <summary>Gets or sets the hop as a duration (for example a 2 s chunk every 0.5 s); needs a sample rate.</summary>
    /// <value>Default <see langword="null"/>: the hop is <see cref="Hop"/>, or the size.</value>
    public TimeSpan? HopDuration { get; set; }

    /// <summary>
    /// Gets or sets the rate in samples per second per channel, used to convert durations and to time chunks
    /// whose frames carry no rate. Frames that carry a rate must carry this one.
    /// </summary>
    /// <value>Default <see langword="null"/>: the first frame's rate.</value>
    public double? SampleRate { get; set; }

    /// <summary>Gets or sets how chunks are cut: exact (<see cref="RechunkMode.Clip"/>) or from whole frames.</summary>
    /// <value>Default <see cref="RechunkMode.Clip"/>.</value>
    public RechunkMode Mode { get; set; } = RechunkMode.Clip;

    /// <summary>Gets or sets what happens at the end of the stream to data too short to fill a chunk.</summary>
    /// <value>Default <see cref="RechunkTail.Emit"/>: a last chunk marked partial.</value>
    public RechunkTail Tail { get; set; } = RechunkTail.Emit;

    /// <summary>
    /// Gets or sets how many cut chunks may wait to be read; when one more is cut, the oldest waiting chunk is
    /// dropped and counted (<see cref="Frames.ChunkInfo.ChunksDroppedBefore"/> on the next chunk read). -1: unbounded.
    /// </summary>
    /// <value>Default -1: unbounded, nothing is dropped.</value>
    public int MaxBufferedChunks { get; set; } = -1;

    /// <summary>
    /// Gets or sets the sampler's pause after each chunk: frames that arrive during it are dropped and counted.
    /// A positive pause also discards what was buffered after the chunk, so every chunk is contiguous in time.
    /// </summary>
    /// <value>Default <see cref="TimeSpan.Zero"/>: no sampling, every frame is used.</value>
    public TimeSpan Pause { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Gets or sets a function asked for the pause after each chunk (a random or adaptive sampler); when set it
    /// replaces <see cref="Pause"/>. It must return zero or a positive duration.
    /// </summary>
    /// <value>Default <see langword="null"/>: <see cref="Pause"/> is used.</value>
    public Func<TimeSpan>? PauseSampler { get; set; }

    /// <summary>
    /// Gets or sets the clock the sampler pause is measured on. Without one the pause is measured in stream
    /// time: it starts at the time just after the chunk's last element (with a rate; otherwise at the timestamp
    /// of the frame that completed the chunk) and a frame is dropped while its timestamp lies before the end of
    /// the pause. With a clock the pause starts when the chunk is cut and a frame is dropped while the clock,
    /// read when the frame is written, is before its end.
    /// </summary>
    /// <value>Default <see langword="null"/>: stream time (frame timestamps), so runs replay exactly, faster than real time too.</value>
    public TimeProvider? PauseClock { get; set; }
}

namespace ActorFrames.Mux.Batching;

/// <summary>Settings of a re-batching stream.</summary>
public sealed class RebatchOptions
{
    /// <summary>Gets or sets the number of rows of every output batch (except a kept partial tail).</summary>
    /// <value>64.</value>
    public int BatchSize { get; set; } = 64;

    /// <summary>Gets or sets how incoming batches become output rows.</summary>
    /// <value><see cref="RebatchMode.Concatenate"/>.</value>
    public RebatchMode Mode { get; set; } = RebatchMode.Concatenate;

    /// <summary>Gets or sets a value indicating whether the rows left at the end of the stream (fewer than <see cref="BatchSize"/>) are yielded as a last, smaller batch rather than dropped.</summary>
    /// <value><see langword="false"/> (pescador drops them).</value>
    public bool KeepPartial { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether every output batch of one iteration is the same object, refilled in
    /// place: no allocation per batch, but an output is only valid until the next one is requested.
    /// </summary>
    /// <value><see langword="false"/>: every output is a new batch the consumer may keep.</value>
    public bool ReuseOutput { get; set; }
}

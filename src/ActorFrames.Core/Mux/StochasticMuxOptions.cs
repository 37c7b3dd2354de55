namespace ActorFrames.Mux;

/// <summary>Settings of a <see cref="StochasticMux{T}"/>; bindable from configuration and validated when the mux is built.</summary>
public sealed class StochasticMuxOptions
{
    /// <summary>Gets or sets the number of streams active at once (pescador's k / n_active).</summary>
    /// <value>1.</value>
    public int ActiveCount { get; set; } = 1;

    /// <summary>
    /// Gets or sets the mean budget of an activation, at least 1; <see langword="null"/> runs every activation to
    /// the end of its stream.
    /// </summary>
    /// <value>256.</value>
    public double? Rate { get; set; } = 256;

    /// <summary>
    /// Gets or sets one non-negative weight per stream (normalised; at least one positive), which biases both which
    /// stream is activated and which active stream is sampled; <see langword="null"/> weighs streams equally.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public IReadOnlyList<double>? Weights { get; set; }

    /// <summary>Gets or sets how streams are chosen for activation.</summary>
    /// <value><see cref="StochasticMuxMode.WithReplacement"/>.</value>
    public StochasticMuxMode Mode { get; set; } = StochasticMuxMode.WithReplacement;

    /// <summary>Gets or sets the distribution of activation budgets.</summary>
    /// <value><see cref="BudgetDistribution.Poisson"/>.</value>
    public BudgetDistribution Distribution { get; set; } = BudgetDistribution.Poisson;

    /// <summary>Gets or sets a value indicating whether a stream that yields nothing in an activation is removed for the rest of the iteration.</summary>
    /// <value><see langword="true"/>.</value>
    public bool PruneEmpty { get; set; } = true;

    /// <summary>
    /// Gets or sets the seed of the mux's random choices. With a seed every iteration (of this instance or of a
    /// fresh one with the same settings and streams) yields the same sequence; <see langword="null"/> draws a new
    /// seed per iteration.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public int? Seed { get; set; }
}

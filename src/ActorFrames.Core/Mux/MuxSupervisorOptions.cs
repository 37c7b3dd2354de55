namespace ActorFrames.Mux;

/// <summary>
/// Settings of a mux supervisor (<see cref="MuxSource{T}"/>): which streams it keeps active and with what budgets
/// (<see cref="Mux"/>), how it restarts a failing source, and the identity of the one merged stream it emits.
/// Bindable from configuration; validated when the source is built.
/// </summary>
public sealed class MuxSupervisorOptions
{
    /// <summary>Gets or sets the sampling settings: active count k, rate, weights, mode, budget distribution, pruning and seed.</summary>
    /// <value>A <see cref="StochasticMuxOptions"/> with its defaults.</value>
    /// <remarks>The seed also seeds the jitter of the restart back-off, so a run with a seed can be replayed.</remarks>
    public StochasticMuxOptions Mux { get; set; } = new();

    /// <summary>Gets or sets the source name stamped on every frame of the merged stream.</summary>
    /// <value>"mux".</value>
    public string SourceId { get; set; } = "mux";

    /// <summary>
    /// Gets or sets how many times a failing stream is restarted within <see cref="RestartWindow"/> before it is
    /// pruned: −1 for no limit, 0 to prune it on its first failure.
    /// </summary>
    /// <value>3.</value>
    public int MaxRestarts { get; set; } = 3;

    /// <summary>Gets or sets the window in which <see cref="MaxRestarts"/> is counted; it starts at a stream's first failure.</summary>
    /// <value>One minute.</value>
    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the back-off before the first restart in a window; each further restart doubles it.</summary>
    /// <value>200 milliseconds.</value>
    public TimeSpan BackoffMin { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the longest back-off.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the jitter fraction: each back-off is multiplied by 1 + jitter · u, u in [0, 1), then capped.</summary>
    /// <value>0.2.</value>
    public double BackoffJitter { get; set; } = 0.2;

    /// <summary>
    /// Gets or sets how many frames one active stream may have on the way to the supervisor (its flow-control
    /// window): a stream reads ahead at most this far while the consumers are busy.
    /// </summary>
    /// <value>16.</value>
    public int FramesInFlight { get; set; } = 16;
}

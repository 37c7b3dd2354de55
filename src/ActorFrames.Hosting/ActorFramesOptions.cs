namespace ActorFrames.Hosting;

/// <summary>
/// Everything a run needs: the source, the consumers, the output folder and metrics. Bound from the
/// <c>ActorFrames</c> section (cluster-config JSON, then environment variables such as
/// <c>ACTORFRAMES_ActorFrames__Consumers__level__Workers=4</c>, then the command line) and checked at start by
/// <see cref="ActorFramesOptionsValidator"/>.
/// </summary>
public sealed class ActorFramesOptions
{
    /// <summary>The configuration section: <c>ActorFrames</c>.</summary>
    public const string SectionName = "ActorFrames";

    /// <summary>Gets the consumers by name (names are case-insensitive, as configuration keys are).</summary>
    /// <value>Empty; at least one is required.</value>
    public Dictionary<string, ConsumerOptions> Consumers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the source settings.</summary>
    /// <value>The built-in test signal.</value>
    public SourceOptions Source { get; } = new();

    /// <summary>Gets or sets the folder that receives segments, the plot and other output files.</summary>
    /// <value><c>actorframes-output</c> (relative to the working directory).</value>
    public string OutputFolder { get; set; } = "actorframes-output";

    /// <summary>Gets the metrics settings.</summary>
    /// <value>No export.</value>
    public MetricsOptions Metrics { get; } = new();
}

namespace ActorFrames.Cli.Display;

/// <summary>One consumer's progress at one moment, as the pipeline reports it to the display.</summary>
/// <param name="Consumer">The consumer's name.</param>
/// <param name="WorkerMode">Where its handler runs, as the worker mode names itself (<c>inline</c>, <c>pool(4)</c>).</param>
/// <param name="Chunks">Chunks cut and dispatched so far.</param>
/// <param name="ChunksPerSecond">Chunks per second of wall-clock time over the last reporting period.</param>
/// <param name="Lag">How far the consumer's last outcome trails the source: stream time read minus the end of the last chunk answered.</param>
/// <param name="Dropped">Chunks dropped by the overflow policy (and frames dropped by a sampler) so far.</param>
/// <param name="Failed">Chunks whose handler failed beyond its retries.</param>
/// <param name="InFlight">Chunks dispatched and not yet answered.</param>
/// <param name="MaxInFlight">The consumer's in-flight limit, or 0 when unknown.</param>
internal sealed record ConsumerProgress(
    string Consumer,
    string WorkerMode,
    long Chunks,
    double ChunksPerSecond,
    TimeSpan Lag,
    long Dropped,
    long Failed,
    int InFlight,
    int MaxInFlight);

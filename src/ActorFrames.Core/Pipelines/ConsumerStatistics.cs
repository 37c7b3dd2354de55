namespace ActorFrames.Pipelines;

/// <summary>A snapshot of one consumer of a running pipeline.</summary>
/// <param name="Name">The consumer's name.</param>
/// <param name="Mode">Where its handler runs ("inline", "pool(4)", "process(2)", "cluster").</param>
/// <param name="FramesIn">Frames the consumer's rechunker received.</param>
/// <param name="ChunksOut">Chunks cut and dispatched.</param>
/// <param name="FramesDropped">Frames dropped by the sampler.</param>
/// <param name="ChunksDropped">Chunks dropped because the workers fell behind (drop-oldest).</param>
/// <param name="InFlight">Chunks dispatched whose result has not arrived.</param>
/// <param name="Results">Results delivered at the origin.</param>
/// <param name="Failed">Chunks that failed beyond their retry limit.</param>
/// <param name="Lag">Stream time between the newest frame received and the newest chunk whose result arrived.</param>
/// <param name="Completed">Whether the consumer has finished (end of stream flushed and every result in).</param>
public sealed record ConsumerStatistics(
    string Name,
    string Mode,
    long FramesIn,
    long ChunksOut,
    long FramesDropped,
    long ChunksDropped,
    int InFlight,
    long Results,
    long Failed,
    TimeSpan Lag,
    bool Completed);

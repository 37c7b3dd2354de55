using System.Diagnostics.Metrics;
using ActorFrames.Frames;

namespace ActorFrames.Diagnostics;

/// <summary>
/// The one <see cref="System.Diagnostics.Metrics.Meter"/> of ActorFrames. Every area adds its instruments
/// here, so a listener (OpenTelemetry, dotnet-counters) subscribes to <see cref="MeterName"/> once.
/// </summary>
/// <remarks>
/// The recording methods take their tags as single key-value pairs of strings, so recording allocates
/// nothing and costs little more than a branch while nobody listens.
/// </remarks>
public static class ActorFramesMetrics
{
    /// <summary>The name of the meter: <c>ActorFrames</c>.</summary>
    public const string MeterName = "ActorFrames";

    /// <summary>The tag naming the source (stream) of a frame: <c>actorframes.source</c>.</summary>
    public const string SourceTag = "actorframes.source";

    /// <summary>The tag naming the consumer of a chunk: <c>actorframes.consumer</c>.</summary>
    public const string ConsumerTag = "actorframes.consumer";

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> ActorsStarted =
        Meter.CreateCounter<long>("actorframes.actors.started", "{actor}", "Actors spawned.");

    internal static readonly Counter<long> ActorsStopped =
        Meter.CreateCounter<long>("actorframes.actors.stopped", "{actor}", "Actors that finished stopping.");

    internal static readonly Counter<long> ActorRestarts =
        Meter.CreateCounter<long>("actorframes.actors.restarts", "{restart}", "Restarts ordered by supervisors.");

    internal static readonly Counter<long> ActorFailures =
        Meter.CreateCounter<long>("actorframes.actors.failures", "{failure}", "Exceptions thrown by actors and handled by supervisors.");

    internal static readonly Counter<long> DeadLetters =
        Meter.CreateCounter<long>("actorframes.dead_letters", "{message}", "Messages that reached no actor (recipient stopped, mailbox full, no routee).");

    internal static readonly Counter<long> MailboxDropped =
        Meter.CreateCounter<long>("actorframes.mailbox.dropped", "{message}", "Messages dropped or rejected by bounded mailboxes.");

    internal static readonly Counter<long> FramesIn =
        Meter.CreateCounter<long>("actorframes.frames.in", "{frame}", "Frames taken in from sources.");

    internal static readonly Counter<long> ChunksOut =
        Meter.CreateCounter<long>("actorframes.chunks.out", "{chunk}", "Chunks cut for a consumer and handed to its worker mode.");

    internal static readonly Counter<long> ChunksDropped =
        Meter.CreateCounter<long>("actorframes.chunks.dropped", "{chunk}", "Chunks dropped by a consumer's overflow policy because it lagged.");

    internal static readonly Counter<long> ChunksFailed =
        Meter.CreateCounter<long>("actorframes.chunks.failed", "{chunk}", "Chunks whose handler failed beyond the retry limit.");

    internal static readonly Histogram<double> HandlerDuration =
        Meter.CreateHistogram<double>("actorframes.handler.duration", "s", "Time from dispatching a chunk to its result.");

    internal static readonly UpDownCounter<long> ChunksInFlight =
        Meter.CreateUpDownCounter<long>("actorframes.chunks.in_flight", "{chunk}", "Chunks dispatched whose outcome has not come back yet.");

    /// <summary>Counts frames a source produced.</summary>
    /// <param name="source">The source.</param>
    /// <param name="frames">How many frames.</param>
    internal static void RecordFramesIn(SourceId source, long frames = 1)
        => FramesIn.Add(frames, new KeyValuePair<string, object?>(SourceTag, source.Value));

    /// <summary>Counts a chunk handed to a consumer's worker mode and marks it in flight.</summary>
    /// <param name="consumer">The consumer.</param>
    internal static void RecordChunkDispatched(string consumer)
    {
        var tag = new KeyValuePair<string, object?>(ConsumerTag, consumer);
        ChunksOut.Add(1, tag);
        ChunksInFlight.Add(1, tag);
    }

    /// <summary>Records a chunk's outcome: no longer in flight, how long it took, and whether it failed.</summary>
    /// <param name="consumer">The consumer.</param>
    /// <param name="elapsed">The time from dispatch to outcome.</param>
    /// <param name="failed">Whether the handler failed beyond its retries.</param>
    internal static void RecordChunkCompleted(string consumer, TimeSpan elapsed, bool failed)
    {
        var tag = new KeyValuePair<string, object?>(ConsumerTag, consumer);
        ChunksInFlight.Add(-1, tag);
        HandlerDuration.Record(elapsed.TotalSeconds, tag);
        if (failed)
        {
            ChunksFailed.Add(1, tag);
        }
    }

    /// <summary>Counts chunks a consumer's overflow policy dropped.</summary>
    /// <param name="consumer">The consumer.</param>
    /// <param name="chunks">How many chunks.</param>
    internal static void RecordChunksDropped(string consumer, long chunks)
        => ChunksDropped.Add(chunks, new KeyValuePair<string, object?>(ConsumerTag, consumer));
}

using System.Diagnostics.Metrics;

namespace ActorFrames.Diagnostics;

/// <summary>
/// The one <see cref="System.Diagnostics.Metrics.Meter"/> of ActorFrames. Every area adds its instruments
/// here, so a listener (OpenTelemetry, dotnet-counters) subscribes to <see cref="MeterName"/> once.
/// </summary>
public static class ActorFramesMetrics
{
    /// <summary>The name of the meter: <c>ActorFrames</c>.</summary>
    public const string MeterName = "ActorFrames";

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
}

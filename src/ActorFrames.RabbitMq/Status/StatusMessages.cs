using System.Collections.Immutable;

namespace ActorFrames.RabbitMq.Status;

/// <summary>A node's announcement on the heartbeat exchange.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="State">Up, draining or stopped.</param>
/// <param name="SentAt">When it was sent (node clock).</param>
/// <param name="IntervalSeconds">The node's heartbeat interval.</param>
/// <param name="Pools">The pools it hosts.</param>
internal sealed record NodeHeartbeat(
    string Node,
    string Host,
    int ProcessId,
    NodeState State,
    DateTimeOffset SentAt,
    double IntervalSeconds,
    ImmutableArray<PoolHeartbeat> Pools);

/// <summary>One pool's figures in a heartbeat.</summary>
/// <param name="Consumer">The consumer whose queue it serves.</param>
/// <param name="Handler">The handler it runs.</param>
/// <param name="Workers">Its size (and prefetch).</param>
/// <param name="InFlight">Chunks in progress.</param>
/// <param name="Processed">Chunks handled and acknowledged.</param>
/// <param name="Failed">Handler failures that were retried.</param>
/// <param name="DeadLettered">Chunks dead-lettered by this node.</param>
/// <param name="Redelivered">Chunks that came to this node on a second or later delivery.</param>
internal sealed record PoolHeartbeat(
    string Consumer,
    string Handler,
    int Workers,
    int InFlight,
    long Processed,
    long Failed,
    long DeadLettered,
    long Redelivered);

/// <summary>A node as the status monitor sees it.</summary>
/// <param name="Last">Its latest heartbeat.</param>
/// <param name="ReceivedAt">When that heartbeat arrived (monitor clock).</param>
/// <param name="IsGone">Whether the node stopped or missed three heartbeats.</param>
internal sealed record NodeStatus(NodeHeartbeat Last, DateTimeOffset ReceivedAt, bool IsGone);

/// <summary>A consumer's queues as the broker reports them.</summary>
/// <param name="Consumer">The consumer.</param>
/// <param name="Ready">Chunks waiting in the work queue (not counting those delivered and unacknowledged).</param>
/// <param name="Consumers">Subscribed pools.</param>
/// <param name="DeadLetters">Chunks in the dead-letter queue.</param>
/// <param name="Exists">Whether the work queue exists.</param>
internal sealed record QueueStatus(string Consumer, long Ready, long Consumers, long DeadLetters, bool Exists);

/// <summary>What <c>actorframes status</c> shows.</summary>
/// <param name="TakenAt">When (monitor clock).</param>
/// <param name="Nodes">The nodes heard from, gone ones included.</param>
/// <param name="Queues">The consumers' queues.</param>
internal sealed record ClusterStatusReport(DateTimeOffset TakenAt, ImmutableArray<NodeStatus> Nodes, ImmutableArray<QueueStatus> Queues);

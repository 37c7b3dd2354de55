using System.Text.Json.Serialization;

namespace ActorFrames.RabbitMq.Status;

/// <summary>What a worker node says about itself in its heartbeats.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeState>))]
internal enum NodeState
{
    /// <summary>Consuming.</summary>
    Up,

    /// <summary>Stopping: no new chunks, finishing those in progress.</summary>
    Draining,

    /// <summary>Stopped (its last heartbeat).</summary>
    Stopped,
}

namespace ActorFrames.Sources.Producers;

/// <summary>The order in which frames made in parallel reach the consumer.</summary>
public enum ProducerOrder
{
    /// <summary>In the order the commander created the messages, whatever order the producers finish in.</summary>
    Deterministic = 0,

    /// <summary>As each producer finishes (lower latency); a frame's sequence still names its message's place in commander order.</summary>
    AsReady = 1,
}

namespace ActorFrames.RabbitMq.Node;

/// <summary>A worker node's settings (section <c>Node</c> of cluster-config/worker.json).</summary>
public sealed class WorkerNodeOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Node";

    /// <summary>Gets or sets the node's name in heartbeats and status; <see langword="null"/> uses <c>host-pid</c>.</summary>
    /// <value><see langword="null"/>.</value>
    public string? Name { get; set; }

    /// <summary>Gets the pools the node hosts.</summary>
    public IList<WorkerPoolOptions> Pools { get; } = [];

    /// <summary>Gets or sets how often the node announces itself; status declares it gone after three missed heartbeats.</summary>
    /// <value>1 s.</value>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how long a stopping node waits for the chunks in progress to finish; after that they are
    /// cancelled and the broker gives them to another node.
    /// </summary>
    /// <value>30 s.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the name to use: <see cref="Name"/>, or <c>host-pid</c>.</summary>
    /// <returns>The node name.</returns>
    public string EffectiveName() => string.IsNullOrWhiteSpace(Name) ? $"{Environment.MachineName}-{Environment.ProcessId}" : Name;
}

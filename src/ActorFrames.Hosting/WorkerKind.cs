namespace ActorFrames.Hosting;

/// <summary>Where a consumer's handler runs, as named in configuration.</summary>
public enum WorkerKind
{
    /// <summary>In the consumer's own actor, one chunk at a time.</summary>
    Inline,

    /// <summary>On a pool of local worker actors.</summary>
    Pool,

    /// <summary>In child processes of the <c>actorframes</c> executable.</summary>
    Process,

    /// <summary>On worker nodes of a cluster, through the broker.</summary>
    Cluster,
}

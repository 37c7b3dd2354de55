namespace ActorFrames.Actors.Routing;

/// <summary>A message that names its own consistent-hash key, for <see cref="RouterConfig.ConsistentHash"/>.</summary>
public interface IConsistentHashable
{
    /// <summary>The key; messages with equal keys go to the same routee. Return a stored value so routing allocates nothing.</summary>
    object ConsistentHashKey { get; }
}

namespace ActorFrames.Actors.Routing;

/// <summary>
/// A pool router: spawning props with a router creates a router actor plus <see cref="NrOfInstances"/>
/// routees (made from the same props without the router) that it supervises with the props' strategy.
/// Messages told to the router's reference are routed on the sender's thread, without a hop through the
/// router's mailbox; <see cref="Resize"/>, <see cref="RouteesRequest"/> and <see cref="PoisonPill"/> go to
/// the router itself. A routee that stops is removed; when none is left the router stops.
/// </summary>
public sealed record RouterConfig
{
    private RouterConfig(RoutingKind kind, int nrOfInstances)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nrOfInstances);
        Kind = kind;
        NrOfInstances = nrOfInstances;
    }

    internal enum RoutingKind
    {
        RoundRobin,
        Random,
        SmallestMailbox,
        ConsistentHash,
        Broadcast,
    }

    /// <summary>How many routees the pool starts with.</summary>
    public int NrOfInstances { get; }

    internal RoutingKind Kind { get; }

    internal int Seed { get; private init; }

    internal Func<object, object?>? KeyExtractor { get; private init; }

    internal int VirtualNodesFactor { get; private init; }

    /// <summary>Each message goes to the next routee in turn.</summary>
    /// <param name="nrOfInstances">The number of routees, at least 1.</param>
    /// <returns>The configuration.</returns>
    public static RouterConfig RoundRobin(int nrOfInstances) => new(RoutingKind.RoundRobin, nrOfInstances);

    /// <summary>Each message goes to a routee drawn from a generator seeded with <paramref name="seed"/> (replayable for one sender).</summary>
    /// <param name="nrOfInstances">The number of routees, at least 1.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The configuration.</returns>
    public static RouterConfig Random(int nrOfInstances, int seed) => new(RoutingKind.Random, nrOfInstances) { Seed = seed };

    /// <summary>Each message goes to the routee with the fewest queued messages (an idle one first).</summary>
    /// <param name="nrOfInstances">The number of routees, at least 1.</param>
    /// <returns>The configuration.</returns>
    public static RouterConfig SmallestMailbox(int nrOfInstances) => new(RoutingKind.SmallestMailbox, nrOfInstances);

    /// <summary>
    /// Messages with equal keys go to the same routee, on a hash ring with <paramref name="virtualNodesFactor"/>
    /// points per routee (so resizing moves only about 1/n of the keys). The key comes from
    /// <paramref name="keyExtractor"/>, else from <see cref="IConsistentHashable"/>; a message without a key
    /// becomes a dead letter. String, integer and Guid keys hash the same way in every process.
    /// </summary>
    /// <param name="nrOfInstances">The number of routees, at least 1.</param>
    /// <param name="keyExtractor">Returns a message's key (or null); optional.</param>
    /// <param name="virtualNodesFactor">Ring points per routee, at least 1.</param>
    /// <returns>The configuration.</returns>
    public static RouterConfig ConsistentHash(int nrOfInstances, Func<object, object?>? keyExtractor = null, int virtualNodesFactor = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(virtualNodesFactor);
        return new(RoutingKind.ConsistentHash, nrOfInstances) { KeyExtractor = keyExtractor, VirtualNodesFactor = virtualNodesFactor };
    }

    /// <summary>Each message goes to every routee.</summary>
    /// <param name="nrOfInstances">The number of routees, at least 1.</param>
    /// <returns>The configuration.</returns>
    public static RouterConfig Broadcast(int nrOfInstances) => new(RoutingKind.Broadcast, nrOfInstances);
}

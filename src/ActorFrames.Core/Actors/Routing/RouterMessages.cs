using System.Collections.Immutable;

namespace ActorFrames.Actors.Routing;

/// <summary>Tells a pool router to grow or shrink to <see cref="NrOfInstances"/> routees (the newest go first).</summary>
public sealed record Resize
{
    /// <summary>Creates the command.</summary>
    /// <param name="nrOfInstances">The new number of routees, at least 1.</param>
    public Resize(int nrOfInstances)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nrOfInstances);
        NrOfInstances = nrOfInstances;
    }

    /// <summary>The new number of routees.</summary>
    public int NrOfInstances { get; }
}

/// <summary>Asks a router for its current routees; it replies with a <see cref="RouteesResponse"/>.</summary>
public sealed record RouteesRequest
{
    /// <summary>The one instance.</summary>
    public static RouteesRequest Instance { get; } = new();
}

/// <summary>A router's current routees, in routing order.</summary>
/// <param name="Routees">The routees.</param>
public sealed record RouteesResponse(ImmutableArray<IActorRef> Routees);

namespace ActorFrames.Mux;

/// <summary>What a <see cref="RoundRobinMux{T}"/> does when every stream has ended.</summary>
public enum RoundRobinMode
{
    /// <summary>End.</summary>
    Exhaustive = 0,

    /// <summary>Restart every stream and go round again in the same order.</summary>
    Cycle = 1,

    /// <summary>Restart every stream in a new random order; every pass, the first included, is shuffled.</summary>
    PermutedCycle = 2,
}

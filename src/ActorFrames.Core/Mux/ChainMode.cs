namespace ActorFrames.Mux;

/// <summary>What a <see cref="ChainMux{T}"/> does after the last stream has ended.</summary>
public enum ChainMode
{
    /// <summary>End.</summary>
    Exhaustive = 0,

    /// <summary>Start again from the first stream (enumerating the stream sequence again).</summary>
    Cycle = 1,
}

namespace ActorFrames.Mux;

/// <summary>How a <see cref="StochasticMux{T}"/> chooses the stream that fills a free slot.</summary>
public enum StochasticMuxMode
{
    /// <summary>Any stream may be chosen, even one that is already active in another slot; streams are reused indefinitely.</summary>
    WithReplacement = 0,

    /// <summary>A stream has at most one open iteration at a time; when it retires it becomes a candidate again.</summary>
    SingleActive = 1,

    /// <summary>Each stream is activated at most once; the mux ends when every stream has been used.</summary>
    Exhaustive = 2,
}

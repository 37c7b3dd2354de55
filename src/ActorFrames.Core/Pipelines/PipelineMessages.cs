namespace ActorFrames.Pipelines;

/// <summary>Tells a source actor to read its next frames.</summary>
internal sealed record ReadNext
{
    /// <summary>Gets the one instance (no allocation per turn).</summary>
    public static ReadNext Instance { get; } = new();
}

/// <summary>Tells a rechunk actor that its source ended: flush the tail, drain the workers, report done.</summary>
internal sealed record EndOfStream
{
    /// <summary>Gets the one instance.</summary>
    public static EndOfStream Instance { get; } = new();
}

/// <summary>Tells a drop-oldest rechunk actor that a worker freed a place: dispatch what waits.</summary>
internal sealed record DrainRequested
{
    /// <summary>Gets the one instance.</summary>
    public static DrainRequested Instance { get; } = new();
}

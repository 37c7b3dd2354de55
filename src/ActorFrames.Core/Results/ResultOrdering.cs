namespace ActorFrames.Results;

/// <summary>The order in which results reach the origin.</summary>
public enum ResultOrdering
{
    /// <summary>As each handler finishes.</summary>
    AsCompleted = 0,

    /// <summary>In chunk sequence order per stream (first in, first out), held in a reorder buffer bounded by the consumer's in-flight limit.</summary>
    Emission = 1,
}

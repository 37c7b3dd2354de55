namespace ActorFrames.RabbitMq;

/// <summary>What the origin does with a new chunk when its spool of chunks not yet confirmed by the broker is full.</summary>
public enum SpoolOverflow
{
    /// <summary>Dispatch waits until the broker confirms older chunks (the producer slows down; nothing is dropped).</summary>
    Backpressure = 0,

    /// <summary>
    /// The oldest chunk that has not reached the broker yet is dropped (reported to the result sink as a
    /// <see cref="ChunkDroppedException"/> and counted) to make room: for live sources where the newest data matters most.
    /// </summary>
    DropOldest = 1,
}

namespace ActorFrames.RabbitMq;

/// <summary>
/// The origin dropped a chunk before it reached the broker: the spool was full and the overflow policy is
/// <see cref="SpoolOverflow.DropOldest"/> (counted), the chunk was larger than
/// <see cref="RabbitMqOptions.MaxMessageBytes"/>, or it could not be published at all (its spooled body could not be
/// read back from disk, or its producer disposed it while the origin owned it). Reported to the consumer's result sink.
/// </summary>
public sealed class ChunkDroppedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ChunkDroppedException"/> class.</summary>
    public ChunkDroppedException()
        : this("The chunk was dropped before it reached the broker: the spool was full (overflow policy DropOldest).")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChunkDroppedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ChunkDroppedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChunkDroppedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ChunkDroppedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

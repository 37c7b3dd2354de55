namespace ActorFrames.RabbitMq;

/// <summary>
/// A chunk's handler failed on a worker node on every delivery up to the delivery limit (or the chunk could never be
/// handled there); the chunk was dead-lettered with the error. Reported to the consumer's result sink.
/// </summary>
public sealed class RemoteHandlerException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RemoteHandlerException"/> class.</summary>
    public RemoteHandlerException()
        : this("A handler failed on a worker node.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RemoteHandlerException"/> class.</summary>
    /// <param name="message">The message.</param>
    public RemoteHandlerException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RemoteHandlerException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RemoteHandlerException(string message, Exception? innerException)
        : base(message, innerException)
    {
        RemoteType = string.Empty;
        Node = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="RemoteHandlerException"/> class.</summary>
    /// <param name="remoteType">The full name of the exception type the handler threw.</param>
    /// <param name="remoteMessage">Its message.</param>
    /// <param name="node">The worker node that gave up.</param>
    /// <param name="attempts">How many deliveries the chunk got.</param>
    public RemoteHandlerException(string remoteType, string remoteMessage, string node, int attempts)
        : base($"The handler failed on node '{node}' after {attempts} deliveries and the chunk was dead-lettered: {remoteType}: {remoteMessage}")
    {
        RemoteType = remoteType;
        Node = node;
        Attempts = attempts;
    }

    /// <summary>Gets the full name of the exception type the handler threw.</summary>
    public string RemoteType { get; }

    /// <summary>Gets the worker node that dead-lettered the chunk.</summary>
    public string Node { get; }

    /// <summary>Gets how many deliveries the chunk got.</summary>
    public int Attempts { get; }
}

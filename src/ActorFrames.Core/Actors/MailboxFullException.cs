namespace ActorFrames.Actors;

/// <summary>
/// Thrown by <see cref="IActorRef.Tell"/> and <see cref="IActorRef.SendAsync"/> when a bounded mailbox with
/// <see cref="OverflowPolicy.Fail"/> is full. The message was not delivered.
/// </summary>
public sealed class MailboxFullException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public MailboxFullException()
        : base("The actor's mailbox is full.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">The description.</param>
    public MailboxFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and a cause.</summary>
    /// <param name="message">The description.</param>
    /// <param name="innerException">The cause.</param>
    public MailboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal MailboxFullException(string path, int capacity, Type messageType)
        : base($"The mailbox of '{path}' is full ({capacity} messages, overflow policy Fail); the {messageType.FullName} was not delivered.")
    {
    }
}

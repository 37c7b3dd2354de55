namespace ActorFrames.Actors;

/// <summary>What a bounded mailbox does with a message that arrives while it is full.</summary>
public enum OverflowPolicy
{
    /// <summary>
    /// Never drop: <see cref="IActorRef.SendAsync"/> waits for space; <see cref="IActorRef.Tell"/> (which
    /// cannot wait) parks the message in order behind the waiting senders and counts it as deferred.
    /// </summary>
    Backpressure,

    /// <summary>Drop the arriving message (counted, published as a dead letter).</summary>
    DropNewest,

    /// <summary>Drop the oldest queued message to make room (counted, published as a dead letter).</summary>
    DropOldest,

    /// <summary>Throw <see cref="MailboxFullException"/> to the sender (counted as rejected).</summary>
    Fail,
}

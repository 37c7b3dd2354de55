namespace ActorFrames.Actors;

/// <summary>Why a message became a dead letter.</summary>
public enum DeadLetterReason
{
    /// <summary>The recipient had stopped (or stopped with the message still queued or stashed).</summary>
    RecipientStopped,

    /// <summary>A bounded mailbox dropped it (DropNewest or DropOldest).</summary>
    Dropped,

    /// <summary>There was no recipient: sent to the dead-letter office itself, or a router had no routee or key.</summary>
    NoRecipient,
}

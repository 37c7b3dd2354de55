namespace ActorFrames.Actors;

/// <summary>A snapshot of an actor's mailbox, from <see cref="ActorSystem.GetMailboxStatistics"/>.</summary>
/// <param name="QueuedMessages">User messages waiting (approximate while senders are active).</param>
/// <param name="DroppedMessages">Messages dropped by <see cref="OverflowPolicy.DropNewest"/> or <see cref="OverflowPolicy.DropOldest"/>.</param>
/// <param name="RejectedMessages">Messages refused with <see cref="MailboxFullException"/> (<see cref="OverflowPolicy.Fail"/>).</param>
/// <param name="DeferredMessages">Tells that found a <see cref="OverflowPolicy.Backpressure"/> mailbox full and waited in its overflow line.</param>
public readonly record struct MailboxStatistics(int QueuedMessages, long DroppedMessages, long RejectedMessages, long DeferredMessages);

namespace ActorFrames.Actors;

/// <summary>A message that reached no actor, as published by <see cref="DeadLetterOffice"/>.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender, or null.</param>
/// <param name="Recipient">The reference it was sent to.</param>
/// <param name="Reason">Why it was not delivered.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient, DeadLetterReason Reason);

namespace ActorFrames.Actors;

/// <summary>A queued user message and its sender; a struct so queuing allocates nothing.</summary>
internal readonly struct Envelope
{
    public readonly object Message;
    public readonly IActorRef? Sender;

    public Envelope(object message, IActorRef? sender)
    {
        Message = message;
        Sender = sender;
    }
}

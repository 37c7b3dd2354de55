namespace ActorFrames.Actors;

/// <summary>What an actor's turn is waiting for when a handler or hook did not complete synchronously.</summary>
internal enum ActorHook
{
    None,
    Receive,
    PreStart,
    PreRestart,
    PostRestart,
    PostStop,
}

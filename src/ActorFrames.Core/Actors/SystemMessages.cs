namespace ActorFrames.Actors;

/// <summary>
/// A kernel message that overtakes user messages. Each instance is linked into one mailbox's system
/// stack through <see cref="Next"/>, so it is sent once and never shared.
/// </summary>
internal abstract class SystemMessage
{
    public SystemMessage? Next { get; set; }
}

/// <summary>Create the actor instance and run PreStart.</summary>
internal sealed class CreateActor : SystemMessage;

/// <summary>Stop the actor after the current message.</summary>
internal sealed class StopActor : SystemMessage;

/// <summary>Resume a failed actor with its current instance.</summary>
internal sealed class ResumeActor : SystemMessage;

/// <summary>Replace the instance of a failed (or AllForOne sibling) actor.</summary>
internal sealed class RestartActor(Exception cause, object? failedMessage) : SystemMessage
{
    public Exception Cause { get; } = cause;

    public object? FailedMessage { get; } = failedMessage;
}

/// <summary>Sent to a watchee: add <see cref="Watcher"/> to the actors told when it stops.</summary>
internal sealed class WatchActor(IInternalActorRef watcher) : SystemMessage
{
    public IInternalActorRef Watcher { get; } = watcher;
}

/// <summary>Sent to a watchee: forget <see cref="Watcher"/>.</summary>
internal sealed class UnwatchActor(IInternalActorRef watcher) : SystemMessage
{
    public IInternalActorRef Watcher { get; } = watcher;
}

/// <summary>Sent to a watcher: <see cref="Actor"/> has stopped.</summary>
internal sealed class DeathWatchNotification(IActorRef actor) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
}

/// <summary>Sent to a parent: its child failed while handling <see cref="FailedMessage"/>.</summary>
internal sealed class ChildFailed(ActorCell child, Exception cause, object? failedMessage) : SystemMessage
{
    public ActorCell Child { get; } = child;

    public Exception Cause { get; } = cause;

    public object? FailedMessage { get; } = failedMessage;
}

/// <summary>Sent to a parent: its child has finished stopping.</summary>
internal sealed class ChildStopped(ActorCell child) : SystemMessage
{
    public ActorCell Child { get; } = child;
}

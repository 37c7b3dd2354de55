namespace ActorFrames.Actors;

/// <summary>
/// One actor's watch bookkeeping: who watches it, whom it watches, and which <see cref="Terminated"/>
/// messages it has queued but not yet handled (so an Unwatch in between suppresses them). Touched only by
/// the owning actor's turn.
/// </summary>
internal sealed class DeathWatch
{
    private readonly HashSet<IInternalActorRef> _watchers = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IActorRef> _watching = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IActorRef> _queued = new(ReferenceEqualityComparer.Instance);

    public void AddWatcher(IInternalActorRef watcher) => _watchers.Add(watcher);

    public void RemoveWatcher(IInternalActorRef watcher) => _watchers.Remove(watcher);

    /// <summary>True when <paramref name="actor"/> was not watched yet (the caller then sends the watch).</summary>
    public bool Watch(IActorRef actor) => _watching.Add(actor);

    /// <summary>True when <paramref name="actor"/> was watched (the caller then sends the unwatch).</summary>
    public bool Unwatch(IActorRef actor)
    {
        _queued.Remove(actor);
        return _watching.Remove(actor);
    }

    /// <summary>True when a <see cref="Terminated"/> must be queued: the actor was watched and is now dead.</summary>
    public bool OnNotification(IActorRef actor)
    {
        if (!_watching.Remove(actor))
        {
            return false;
        }

        _queued.Add(actor);
        return true;
    }

    /// <summary>True when a queued <see cref="Terminated"/> is still wanted (no Unwatch since).</summary>
    public bool AcceptTerminated(IActorRef actor) => _queued.Remove(actor);

    /// <summary>Tells every watcher that <paramref name="self"/> stopped and withdraws this actor's own watches.</summary>
    public void OnStopped(IInternalActorRef self)
    {
        foreach (var watcher in _watchers)
        {
            watcher.SendSystemMessage(new DeathWatchNotification(self));
        }

        foreach (var watched in _watching)
        {
            ((IInternalActorRef)watched).SendSystemMessage(new UnwatchActor(self));
        }

        _watchers.Clear();
        _watching.Clear();
        _queued.Clear();
    }
}

namespace ActorFrames.Actors;

/// <summary>The temporary sender of an Ask: its first reply completes the Ask; later ones become dead letters.</summary>
internal sealed class PromiseActorRef : IInternalActorRef
{
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem _system;
    private readonly IActorRef _target;

    private PromiseActorRef(ActorSystem system, IActorRef target)
    {
        _system = system;
        _target = target;
    }

    /// <summary>Built on demand: most Asks never look at their temporary sender's path.</summary>
    public string Path => _target.Path + "/$ask";

    public static async Task<T> AskAsync<T>(IActorRef target, ActorSystem system, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An Ask timeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        var promise = new PromiseActorRef(system, target);
        target.Tell(message, promise);
        object reply;
        try
        {
            reply = await promise._reply.Task.WaitAsync(timeout, system.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"Ask to '{target.Path}' with a {message.GetType().FullName} got no reply within {timeout}.", ex);
        }

        return reply is T typed
            ? typed
            : throw new InvalidCastException(
                $"Ask to '{target.Path}' with a {message.GetType().FullName} expected a {typeof(T).FullName} reply but got a {reply.GetType().FullName}.");
    }

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_reply.TrySetResult(message))
        {
            _system.DeadLetters.Publish(message, sender, this, DeadLetterReason.RecipientStopped);
        }
    }

    public ValueTask SendAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        Tell(message, sender);
        return ValueTask.CompletedTask;
    }

    public Task<T> AskAsync<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
        => AskAsync<T>(this, _system, message, timeout, cancellationToken);

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is WatchActor watch && _reply.Task.IsCompleted)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this));
        }
    }

    public override string ToString() => Path;
}

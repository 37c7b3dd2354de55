namespace ActorFrames.Actors;

/// <summary>The reference of an ordinary local actor: posts straight into its mailbox.</summary>
internal sealed class LocalActorRef : IInternalActorRef
{
    private readonly Mailbox _mailbox;

    public LocalActorRef(ActorCell cell)
    {
        Cell = cell;
        _mailbox = cell.Mailbox;
    }

    public ActorCell Cell { get; }

    public string Path => Cell.Path;

    public void Tell(object message, IActorRef? sender = null) => _mailbox.Post(message, sender);

    public ValueTask SendAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
        => _mailbox.PostAsync(message, sender, cancellationToken);

    public Task<T> AskAsync<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
        => PromiseActorRef.AskAsync<T>(this, Cell.System, message, timeout, cancellationToken);

    public void SendSystemMessage(SystemMessage message) => Cell.SendSystemMessage(message);

    public override string ToString() => Path;
}

using ActorFrames.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Actors;

/// <summary>
/// Where messages that reached no actor go: counted, logged at Debug (event 1001), and published as
/// <see cref="DeadLetter"/> records to subscribers. It is also a reference: a message told to it directly
/// becomes a dead letter with reason <see cref="DeadLetterReason.NoRecipient"/>.
/// </summary>
public sealed class DeadLetterOffice : IActorRef
{
    private readonly ActorSystem _system;
    private readonly Lock _lock = new();
    private IActorRef[] _subscribers = [];
    private long _count;

    internal DeadLetterOffice(ActorSystem system)
    {
        _system = system;
        Path = $"actorframes://{system.Name}/deadLetters";
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <summary>How many dead letters there have been.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>
    /// Tells <paramref name="subscriber"/> a <see cref="DeadLetter"/> for every later dead letter, until the
    /// returned handle is disposed. Dead letters about undeliverable <see cref="DeadLetter"/> records are
    /// counted but not published again.
    /// </summary>
    /// <param name="subscriber">The reference to tell.</param>
    /// <returns>The subscription; dispose it to stop.</returns>
    public IDisposable Subscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new Subscription(this, subscriber);
    }

    /// <summary>Records <paramref name="message"/> as a dead letter with no recipient.</summary>
    /// <param name="message">The message.</param>
    /// <param name="sender">Its sender, or null.</param>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Publish(message, sender, this, DeadLetterReason.NoRecipient);
    }

    /// <summary>Records <paramref name="message"/> as a dead letter with no recipient; completes at once.</summary>
    /// <param name="message">The message.</param>
    /// <param name="sender">Its sender, or null.</param>
    /// <param name="cancellationToken">Unused: nothing waits.</param>
    /// <returns>A completed task.</returns>
    public ValueTask SendAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        Tell(message, sender);
        return ValueTask.CompletedTask;
    }

    /// <summary>Asks the dead-letter office, which never answers: the task times out.</summary>
    /// <typeparam name="T">The expected reply type.</typeparam>
    /// <param name="message">The request.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that fails with <see cref="TimeoutException"/>.</returns>
    public Task<T> AskAsync<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
        => PromiseActorRef.AskAsync<T>(this, _system, message, timeout, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => Path;

    internal void Publish(object message, IActorRef? sender, IActorRef recipient, DeadLetterReason reason)
    {
        Interlocked.Increment(ref _count);
        ActorFramesMetrics.DeadLetters.Add(1);
        var logger = _system.Logger;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string messageType = message.GetType().Name;
            string senderPath = sender?.Path ?? "(none)";
            ActorLog.DeadLetter(logger, reason, messageType, recipient.Path, senderPath);
        }

        if (message is DeadLetter)
        {
            return;
        }

        var subscribers = Volatile.Read(ref _subscribers);
        if (subscribers.Length == 0)
        {
            return;
        }

        var deadLetter = new DeadLetter(message, sender, recipient, reason);
        foreach (var subscriber in subscribers)
        {
            subscriber.Tell(deadLetter, this);
        }
    }

    private void Unsubscribe(IActorRef subscriber)
    {
        lock (_lock)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscriber));
        }
    }

    private sealed class Subscription(DeadLetterOffice office, IActorRef subscriber) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                office.Unsubscribe(subscriber);
            }
        }
    }
}

namespace ActorFrames.Actors;

/// <summary>
/// An address of an actor. References compare by identity: two references are equal when they are the
/// same object, which is the case for every reference to one actor incarnation handed out by the kernel.
/// </summary>
public interface IActorRef
{
    /// <summary>The actor's path, such as <c>actorframes://main/user/source/rechunk-1</c>.</summary>
    string Path { get; }

    /// <summary>
    /// Sends <paramref name="message"/> without waiting. Messages from one sender to one receiver arrive in
    /// the order they were sent. A message to a stopped actor becomes a dead letter.
    /// </summary>
    /// <remarks>
    /// Tell never blocks. On a bounded mailbox that is full, the overflow policy decides:
    /// <see cref="OverflowPolicy.DropNewest"/> drops this message, <see cref="OverflowPolicy.DropOldest"/>
    /// drops the oldest queued one (both counted and published as dead letters),
    /// <see cref="OverflowPolicy.Fail"/> throws <see cref="MailboxFullException"/>, and
    /// <see cref="OverflowPolicy.Backpressure"/> never drops: the message waits in the mailbox's overflow
    /// line, in order behind any waiting <see cref="SendAsync"/> callers, and is admitted as space frees
    /// (counted as deferred). Use <see cref="SendAsync"/> to actually wait for space.
    /// </remarks>
    /// <param name="message">The message; must not be null.</param>
    /// <param name="sender">The reference replies should go to; null for none.</param>
    void Tell(object message, IActorRef? sender = null);

    /// <summary>
    /// Sends <paramref name="message"/>, waiting while a <see cref="OverflowPolicy.Backpressure"/> mailbox is
    /// full. For every other mailbox this behaves as <see cref="Tell"/> and completes synchronously.
    /// </summary>
    /// <param name="message">The message; must not be null.</param>
    /// <param name="sender">The reference replies should go to; null for none.</param>
    /// <param name="cancellationToken">Cancels the wait; a canceled message is not delivered.</param>
    /// <returns>A task that completes when the message is in the mailbox.</returns>
    ValueTask SendAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and waits for the first reply.
    /// </summary>
    /// <typeparam name="T">The expected reply type.</typeparam>
    /// <param name="message">The request; must not be null.</param>
    /// <param name="timeout">How long to wait, measured on the actor system's <see cref="TimeProvider"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="TimeoutException">No reply within <paramref name="timeout"/>; the message names the
    /// target's path and the request's type.</exception>
    /// <exception cref="InvalidCastException">The reply is not a <typeparamref name="T"/>.</exception>
    Task<T> AskAsync<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default);
}

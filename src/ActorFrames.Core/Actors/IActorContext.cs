using System.Diagnostics.CodeAnalysis;

namespace ActorFrames.Actors;

/// <summary>
/// What an actor sees of the kernel while it handles a message or runs a lifecycle hook. The context is
/// not thread-safe: use it only from the actor's own <see cref="IActor.ReceiveAsync"/> and hooks.
/// </summary>
public interface IActorContext
{
    /// <summary>This actor's own reference.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the current message, or <see cref="ActorSystem.DeadLetters"/> when it had none.</summary>
    IActorRef Sender { get; }

    /// <summary>The parent; for top-level actors, the system's user guardian.</summary>
    IActorRef Parent { get; }

    /// <summary>A snapshot of the children that have not yet stopped.</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>The actor system this actor lives in.</summary>
    ActorSystem System { get; }

    /// <summary>The message being handled (empty object outside <see cref="IActor.ReceiveAsync"/>).</summary>
    object Message { get; }

    /// <summary>
    /// Schedules messages on the system's <see cref="TimeProvider"/>. Everything scheduled through it is
    /// canceled when this actor stops.
    /// </summary>
    ActorScheduler Scheduler { get; }

    /// <summary>Creates a child actor.</summary>
    /// <param name="props">How to create it.</param>
    /// <param name="name">A name unique among this actor's live children, without '/' and not starting with
    /// '$'; null for a generated name.</param>
    /// <returns>The child's reference.</returns>
    /// <exception cref="ArgumentException">The name is invalid or a live child already has it.</exception>
    IActorRef Spawn(Props props, string? name = null);

    /// <summary>Returns the live child named <paramref name="name"/>, or null.</summary>
    /// <param name="name">The child's name.</param>
    /// <returns>The child's reference, or null.</returns>
    IActorRef? GetChild(string name);

    /// <summary>
    /// Stops <paramref name="actor"/> (a child, this actor itself, or any local actor). The actor finishes
    /// the message it is handling, stops its children, runs PostStop; queued messages become dead letters.
    /// </summary>
    /// <param name="actor">The actor to stop.</param>
    [SuppressMessage("Naming", "CA1716", Justification = "Stop is the established actor vocabulary; Visual Basic callers can still call it.")]
    void Stop(IActorRef actor);

    /// <summary>
    /// Asks for a <see cref="Terminated"/> message when <paramref name="actor"/> stops: exactly one per
    /// watch, also when the actor has already stopped. Watching an actor twice still yields one message.
    /// </summary>
    /// <param name="actor">The actor to watch.</param>
    /// <returns><paramref name="actor"/>, for chaining.</returns>
    IActorRef Watch(IActorRef actor);

    /// <summary>Cancels a watch; no <see cref="Terminated"/> for it is handled afterwards.</summary>
    /// <param name="actor">The watched actor.</param>
    void Unwatch(IActorRef actor);

    /// <summary>Sets the current message aside until <see cref="UnstashAll"/>.</summary>
    /// <exception cref="InvalidOperationException">Called outside ReceiveAsync (there is no current message).</exception>
    void Stash();

    /// <summary>
    /// Puts every stashed message back in front of the mailbox, in the order they were stashed. A restart
    /// unstashes too; a stop turns stashed messages into dead letters.
    /// </summary>
    void UnstashAll();

    /// <summary>Replaces the current behavior: following messages go to <paramref name="behavior"/>.</summary>
    /// <param name="behavior">The new message handler.</param>
    void Become(Func<IActorContext, ValueTask> behavior);

    /// <summary>Pushes <paramref name="behavior"/> on top of the current one; <see cref="Unbecome"/> returns to it.</summary>
    /// <param name="behavior">The new message handler.</param>
    void BecomeStacked(Func<IActorContext, ValueTask> behavior);

    /// <summary>Returns to the previous behavior, or to <see cref="IActor.ReceiveAsync"/> at the bottom.</summary>
    void Unbecome();

    /// <summary>Replies to <see cref="Sender"/> with this actor as the sender: <c>Sender.Tell(message, Self)</c>.</summary>
    /// <param name="message">The reply.</param>
    void Respond(object message);
}

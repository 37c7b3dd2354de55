using ActorFrames.Actors.Routing;

namespace ActorFrames.Actors;

/// <summary>
/// An immutable recipe for an actor: its factory, mailbox, the strategy it supervises its children with,
/// its per-turn throughput and an optional pool router. Change it through the <c>With*</c> methods.
/// </summary>
public sealed record Props
{
    private Props(Func<IActor> factory, Type actorType)
    {
        Factory = factory;
        ActorType = actorType;
    }

    /// <summary>The type the factory creates (for logs and diagnostics).</summary>
    public Type ActorType { get; }

    /// <summary>The mailbox; <see cref="MailboxOptions.Unbounded"/> by default.</summary>
    public MailboxOptions Mailbox { get; private init; } = MailboxOptions.Unbounded;

    /// <summary>The strategy for this actor's children; null for the system's default.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; private init; }

    /// <summary>Messages handled per turn before the thread is handed to other actors; null for the system default.</summary>
    public int? Throughput { get; private init; }

    /// <summary>When set, spawning creates a pool router with routees made from these props (without the router).</summary>
    public RouterConfig? Router { get; private init; }

    internal Func<IActor> Factory { get; }

    /// <summary>Props that create actors with <paramref name="factory"/>, called once per start and restart.</summary>
    /// <typeparam name="TActor">The actor type.</typeparam>
    /// <param name="factory">Creates a new instance; an exception stops the actor with an error.</param>
    /// <returns>The props.</returns>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : class, IActor
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, typeof(TActor));
    }

    /// <summary>Returns a copy with <paramref name="mailbox"/>.</summary>
    /// <param name="mailbox">The mailbox options.</param>
    /// <returns>The new props.</returns>
    public Props WithMailbox(MailboxOptions mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return this with { Mailbox = mailbox };
    }

    /// <summary>Returns a copy whose children are supervised with <paramref name="strategy"/>.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <returns>The new props.</returns>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return this with { SupervisorStrategy = strategy };
    }

    /// <summary>Returns a copy that handles at most <paramref name="throughput"/> messages per turn.</summary>
    /// <param name="throughput">At least 1.</param>
    /// <returns>The new props.</returns>
    public Props WithThroughput(int throughput)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(throughput);
        return this with { Throughput = throughput };
    }

    /// <summary>Returns a copy that spawns a pool router (null removes it).</summary>
    /// <param name="router">The router configuration.</param>
    /// <returns>The new props.</returns>
    public Props WithRouter(RouterConfig? router) => this with { Router = router };
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorFrames.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/>.</summary>
public sealed class ActorSystemOptions
{
    /// <summary>The clock for the scheduler, restart backoff and Ask timeouts.</summary>
    /// <value>Default: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the kernel logs (category <c>ActorFrames.Actors</c>).</summary>
    /// <value>Default: <see cref="NullLoggerFactory.Instance"/>.</value>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Messages an actor handles per turn unless its props say otherwise.</summary>
    /// <value>Default: 30.</value>
    public int DefaultThroughput { get; set; } = 30;

    /// <summary>
    /// How long <see cref="ActorSystem.ShutdownAsync"/> waits for all actors to stop. Measured on the real
    /// clock, not on <see cref="TimeProvider"/>, so a manual test clock cannot make shutdown hang.
    /// </summary>
    /// <value>Default: 10 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The strategy for actors whose props set none, including the guardian of top-level actors.</summary>
    /// <value>Default: <see cref="SupervisorStrategy.Default"/>.</value>
    public SupervisorStrategy DefaultSupervisorStrategy { get; set; } = SupervisorStrategy.Default;
}

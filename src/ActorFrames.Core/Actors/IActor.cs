namespace ActorFrames.Actors;

/// <summary>
/// An actor: state touched only from <see cref="ReceiveAsync"/> and the lifecycle hooks, which the kernel
/// never runs concurrently for one actor. Actors are created from <see cref="Props"/>.
/// </summary>
/// <remarks>
/// <para>Messages are handled one at a time: when <see cref="ReceiveAsync"/> returns a <see cref="ValueTask"/>
/// that is not yet complete, the next message starts only after it completes. A handler that completes
/// synchronously costs no allocation.</para>
/// <para>When <see cref="ReceiveAsync"/> throws (or its task faults), the actor is suspended and its
/// supervisor's <see cref="SupervisorStrategy"/> decides. The message that failed is dropped: it is not
/// retried by any directive. It is reported in the supervisor's log entry (with its type and the actor's
/// path) and handed to <see cref="PreRestartAsync"/> when the directive is Restart.</para>
/// </remarks>
public interface IActor
{
    /// <summary>Handles <see cref="IActorContext.Message"/>.</summary>
    /// <param name="context">The actor's context; valid only until the returned task completes.</param>
    /// <returns>A task that completes when the message is handled.</returns>
    ValueTask ReceiveAsync(IActorContext context);

    /// <summary>Runs once after the actor instance is created and before its first message.</summary>
    /// <param name="context">The actor's context.</param>
    /// <returns>A task that completes when the actor is ready; a failure stops the actor.</returns>
    ValueTask PreStartAsync(IActorContext context) => ValueTask.CompletedTask;

    /// <summary>Runs once after the actor and all its children stopped; no more messages follow.</summary>
    /// <param name="context">The actor's context.</param>
    /// <returns>A task that completes when cleanup is done; a failure is logged.</returns>
    ValueTask PostStopAsync(IActorContext context) => ValueTask.CompletedTask;

    /// <summary>
    /// Runs on the failed instance before it is replaced; by default calls <see cref="PostStopAsync"/>.
    /// The children are stopped after this hook, before the new instance is created.
    /// </summary>
    /// <param name="context">The actor's context.</param>
    /// <param name="cause">The exception that caused the restart.</param>
    /// <param name="failedMessage">The message whose handling failed (dropped, not retried); null when the
    /// restart was caused by a sibling (AllForOne) or by an escalation.</param>
    /// <returns>A task that completes when the old instance is cleaned up; a failure is logged.</returns>
    ValueTask PreRestartAsync(IActorContext context, Exception cause, object? failedMessage) => PostStopAsync(context);

    /// <summary>Runs on the new instance after a restart; by default calls <see cref="PreStartAsync"/>.</summary>
    /// <param name="context">The actor's context.</param>
    /// <param name="cause">The exception that caused the restart.</param>
    /// <returns>A task that completes when the new instance is ready; a failure stops the actor.</returns>
    ValueTask PostRestartAsync(IActorContext context, Exception cause) => PreStartAsync(context);
}

using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Actors;

/// <summary>The parent's side of supervision: applies its strategy to a <see cref="ChildFailed"/>.</summary>
internal static class Supervisor
{
    [SuppressMessage("Design", "CA1031", Justification = "Supervision point: a throwing decider escalates the original failure.")]
    public static void HandleChildFailure(ActorCell parent, ChildFailed failure)
    {
        var child = failure.Child;
        var record = parent.FindChild(child);
        if (record is null)
        {
            return;
        }

        var strategy = parent.SupervisorStrategy;
        var logger = parent.System.Logger;
        var cause = failure.Cause;
        string messageType = failure.FailedMessage?.GetType().Name ?? "(no message)";
        Directive directive;
        try
        {
            directive = strategy.Decider(cause);
        }
        catch (Exception ex)
        {
            ActorLog.DeciderFailed(logger, ex, parent.Path, child.Path);
            directive = Directive.Escalate;
        }

        if (directive == Directive.Escalate && parent.IsGuardian)
        {
            ActorLog.EscalationReachedGuardian(logger, cause, child.Path);
            directive = Directive.Stop;
        }
        else if (directive == Directive.Stop && logger.IsEnabled(LogLevel.Error))
        {
            ActorLog.ChildStopping(logger, cause, child.Path, messageType);
        }

        switch (directive)
        {
            case Directive.Resume:
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    ActorLog.ChildResumed(logger, cause, child.Path, messageType);
                }

                child.SendSystemMessage(new ResumeActor());
                break;
            case Directive.Restart:
                Restart(parent, record, strategy, failure, messageType);
                break;
            case Directive.Stop:
                StopTargets(parent, strategy, child);
                break;
            default:
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    ActorLog.ChildEscalated(logger, cause, child.Path, messageType, parent.Path);
                }

                parent.Lifecycle.EscalateFor(child, cause);
                break;
        }
    }

    private static void Restart(ActorCell parent, ChildRecord record, SupervisorStrategy strategy, ChildFailed failure, string messageType)
    {
        var child = failure.Child;
        var logger = parent.System.Logger;
        if (!record.TryCountRestart(strategy, parent.System.TimeProvider, out int attempt))
        {
            ActorLog.RestartLimitExceeded(logger, failure.Cause, child.Path, messageType, strategy.MaxRetries, strategy.Window);
            StopTargets(parent, strategy, child);
            return;
        }

        var delay = strategy.ComputeBackoff(attempt, child.Name);
        if (logger.IsEnabled(LogLevel.Warning))
        {
            ActorLog.ChildRestarting(logger, failure.Cause, child.Path, messageType, attempt, delay);
        }

        var targets = strategy.IsAllForOne ? parent.ChildrenSnapshot() : [child];
        foreach (var target in targets)
        {
            var restart = new RestartActor(failure.Cause, target == child ? failure.FailedMessage : null);
            if (delay <= TimeSpan.Zero)
            {
                target.SendSystemMessage(restart);
            }
            else
            {
                DelayedSystemMessage.Schedule(parent.System.TimeProvider, delay, target, restart);
            }
        }
    }

    private static void StopTargets(ActorCell parent, SupervisorStrategy strategy, ActorCell child)
    {
        var targets = strategy.IsAllForOne ? parent.ChildrenSnapshot() : [child];
        foreach (var target in targets)
        {
            target.SendSystemMessage(new StopActor());
        }
    }
}

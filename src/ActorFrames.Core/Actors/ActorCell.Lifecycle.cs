using System.Diagnostics.CodeAnalysis;
using ActorFrames.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Actors;

/// <summary>The lifecycle state machine of <see cref="ActorCell"/>: create, fail, resume, restart, stop.</summary>
internal sealed partial class ActorCell
{
    /// <summary>Suspends the actor after its handler threw and asks the parent for a directive. The failed message is dropped.</summary>
    internal void Fail(Exception cause, object? failedMessage)
    {
        if (_failed || _stopping)
        {
            return;
        }

        _failed = true;
        UpdateSuspension();
        ActorFramesMetrics.ActorFailures.Add(1);
        if (_parent is null)
        {
            ActorLog.EscalationReachedGuardian(_system.Logger, cause, Path);
            BeginStop();
            return;
        }

        _parent.SendSystemMessage(new ChildFailed(this, cause, failedMessage));
    }

    /// <summary>Remembers the child whose escalated failure this actor now carries, to resume it with this actor.</summary>
    internal void EscalateFor(ActorCell child, Exception cause)
    {
        _escalatedChild = child;
        Fail(cause, null);
    }

    internal ActorCell[] ChildrenSnapshot() => _children?.Snapshot() ?? [];

    internal ChildRecord? FindChild(ActorCell child) => _children?.Find(child);

    [SuppressMessage("Design", "CA1031", Justification = "Supervision point: a failing factory stops the actor with a logged error.")]
    private bool TryCreateInstance(string stage)
    {
        try
        {
            _actor = _factory() ?? throw new InvalidOperationException("The actor factory returned null.");
            return true;
        }
        catch (Exception ex)
        {
            _actor = null;
            LogInitializationFailure(ex, stage);
            return false;
        }
    }

    private bool CreateAndStart()
    {
        if (_actor is not null || _stopping)
        {
            return true;
        }

        if (!TryCreateInstance("factory"))
        {
            return BeginStop();
        }

        return Await(CallHook(PendingKind.PreStart), PendingKind.PreStart);
    }

    private void OnResume()
    {
        if (!_failed || _restarting || _stopping)
        {
            return;
        }

        _failed = false;
        UpdateSuspension();
        if (_escalatedChild is { } child)
        {
            _escalatedChild = null;
            child.SendSystemMessage(new ResumeActor());
        }
    }

    private bool BeginRestart(Exception cause, object? failedMessage)
    {
        if (_stopping || _restarting || _terminated)
        {
            return true;
        }

        _restarting = true;
        _restartCause = cause;
        _escalatedChild = null;
        UpdateSuspension();
        ActorFramesMetrics.ActorRestarts.Add(1);
        if (_actor is not null && _started)
        {
            _started = false;
            return Await(CallHook(PendingKind.PreRestart, failedMessage), PendingKind.PreRestart);
        }

        return ContinueRestart();
    }

    private bool ContinueRestart()
    {
        if (_stopping)
        {
            return true;
        }

        var children = ChildrenSnapshot();
        if (children.Length > 0)
        {
            _awaitingChildrenForRestart = true;
            foreach (var child in children)
            {
                child.SendSystemMessage(new StopActor());
            }

            return true;
        }

        return FinishRestart();
    }

    private bool FinishRestart()
    {
        _awaitingChildrenForRestart = false;
        _behavior = null;
        _behaviorStack?.Clear();
        _stash?.UnstashAll();
        if (!TryCreateInstance("factory on restart"))
        {
            _restarting = false;
            return BeginStop();
        }

        return Await(CallHook(PendingKind.PostRestart), PendingKind.PostRestart);
    }

    private bool BeginStop()
    {
        if (_stopping)
        {
            return !_terminated;
        }

        _stopping = true;
        UpdateSuspension();
        var children = ChildrenSnapshot();
        if (children.Length > 0)
        {
            foreach (var child in children)
            {
                child.SendSystemMessage(new StopActor());
            }

            return true;
        }

        return FinishStop();
    }

    private bool FinishStop()
    {
        if (_actor is not null && _started)
        {
            _started = false;
            return Await(CallHook(PendingKind.PostStop), PendingKind.PostStop);
        }

        Terminate();
        return false;
    }

    private bool OnChildStopped(ActorCell child)
    {
        _children?.Remove(child);
        if (_escalatedChild == child)
        {
            _escalatedChild = null;
        }

        if (_children is { Count: > 0 })
        {
            return true;
        }

        if (_stopping)
        {
            return FinishStop();
        }

        return !_awaitingChildrenForRestart || FinishRestart();
    }

    /// <summary>The end: close the mailbox, turn what is left into dead letters, tell watchers and the parent.</summary>
    private void Terminate()
    {
        _terminated = true;
        var leftovers = _mailbox.Close();
        for (var message = _systemBacklog; message is not null; message = message.Next)
        {
            HandleAfterStop(message);
        }

        for (var message = leftovers; message is not null; message = message.Next)
        {
            HandleAfterStop(message);
        }

        _systemBacklog = null;
        _stash?.DrainToDeadLetters(_system.DeadLetters, _self);
        _scheduler?.CancelAll();
        _watch?.OnStopped(_self);
        _actor = null;
        _behavior = null;
        _behaviorStack = null;
        _current = default;
        _system.OnActorStopped(this);
        if (_parent is not null)
        {
            _parent.SendSystemMessage(new ChildStopped(this));
        }
    }

    private void UpdateSuspension()
    {
        bool suspended = _failed || _restarting || _stopping;
        if (suspended == _suspended)
        {
            return;
        }

        _suspended = suspended;
        if (suspended)
        {
            _mailbox.Suspend();
        }
        else
        {
            _mailbox.Unsuspend();
        }
    }

    private void LogInitializationFailure(Exception error, string stage)
    {
        if (_system.Logger.IsEnabled(LogLevel.Error))
        {
            string actorType = Props.ActorType.FullName ?? Props.ActorType.Name;
            ActorLog.InitializationFailed(_system.Logger, error, Path, actorType, stage);
        }
    }

    private void LogHookFailure(Exception? error, string hook)
    {
        if (error is not null && _system.Logger.IsEnabled(LogLevel.Warning))
        {
            ActorLog.HookFailed(_system.Logger, error, Path, hook);
        }
    }
}

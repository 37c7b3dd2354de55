using ActorFrames.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Actors;

/// <summary>
/// The lifecycle state machine of one <see cref="ActorCell"/>: it handles the system messages (create, fail,
/// resume, restart, stop, watch) on the actor's turn. Methods that return a bool return false when the turn must end at once
/// (a hook is being awaited, or the actor has stopped).
/// </summary>
internal sealed class ActorLifecycle(ActorCell cell)
{
    private SystemMessage? _backlog;
    private Exception? _restartCause;
    private ActorCell? _escalatedChild;
    private bool _started;
    private bool _failed;
    private bool _restarting;
    private bool _awaitingChildrenForRestart;
    private bool _stopping;
    private bool _terminated;

    public bool IsStopping => _stopping;

    public bool IsTerminated => _terminated;

    public Exception RestartCause => _restartCause!;

    public bool HasBacklog => _backlog is not null;

    /// <summary>Handles the pending system messages, oldest first; false when the turn must end.</summary>
    public bool ProcessSystemMessages()
    {
        while (true)
        {
            var message = _backlog ?? cell.Mailbox.TakeSystemMessages();
            if (message is null)
            {
                return true;
            }

            _backlog = message.Next;
            message.Next = null;
            if (!Handle(message))
            {
                return false;
            }
        }
    }

    public bool Create()
    {
        if (cell.HasInstance || _stopping)
        {
            return true;
        }

        if (!cell.TryCreateInstance("factory"))
        {
            return Stop();
        }

        return cell.RunHook(ActorHook.PreStart);
    }

    /// <summary>Suspends the actor after its handler threw and asks the parent for a directive; the failed message is dropped.</summary>
    public void Fail(Exception cause, object? failedMessage)
    {
        if (_failed || _stopping)
        {
            return;
        }

        _failed = true;
        UpdateSuspension();
        ActorFramesMetrics.ActorFailures.Add(1);
        if (cell.ParentCell is not { } parent)
        {
            ActorLog.EscalationReachedGuardian(cell.System.Logger, cause, cell.Path);
            Stop();
            return;
        }

        parent.SendSystemMessage(new ChildFailed(cell, cause, failedMessage));
    }

    /// <summary>Fails with a child's escalated exception and remembers the child, to resume it if this actor is resumed.</summary>
    public void EscalateFor(ActorCell child, Exception cause)
    {
        _escalatedChild = child;
        Fail(cause, null);
    }

    public void Resume()
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

    public bool Restart(Exception cause, object? failedMessage)
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
        if (cell.HasInstance && _started)
        {
            _started = false;
            return cell.RunHook(ActorHook.PreRestart, failedMessage);
        }

        return ContinueRestart();
    }

    public bool Stop()
    {
        if (_stopping)
        {
            return !_terminated;
        }

        _stopping = true;
        UpdateSuspension();
        return StopChildren() || !cell.TrySealChildren() || FinishStop();
    }

    private bool OnChildStopped(ActorCell child)
    {
        if (_escalatedChild == child)
        {
            _escalatedChild = null;
        }

        if (cell.HasChildren)
        {
            return true;
        }

        if (_stopping)
        {
            // A top-level spawn that raced with shutdown stops its own actor; wait for it.
            return !cell.TrySealChildren() || FinishStop();
        }

        return !_awaitingChildrenForRestart || FinishRestart();
    }

    /// <summary>Continues the lifecycle once a hook has completed (synchronously or after an await).</summary>
    public bool OnHookCompleted(ActorHook hook, Exception? error)
    {
        switch (hook)
        {
            case ActorHook.PreStart:
            case ActorHook.PostRestart:
                if (error is not null)
                {
                    LogInitializationFailure(error, hook == ActorHook.PreStart ? "PreStartAsync" : "PostRestartAsync");
                    _restarting = false;
                    return Stop();
                }

                _started = true;
                _restarting = false;
                _failed = false;
                UpdateSuspension();
                return true;
            case ActorHook.PreRestart:
                LogHookFailure(error, "PreRestartAsync");
                return ContinueRestart();
            default:
                LogHookFailure(error, "PostStopAsync");
                Terminate();
                return false;
        }
    }

    public void LogInitializationFailure(Exception error, string stage)
    {
        var logger = cell.System.Logger;
        if (logger.IsEnabled(LogLevel.Error))
        {
            string actorType = cell.Props.ActorType.FullName ?? cell.Props.ActorType.Name;
            ActorLog.InitializationFailed(logger, error, cell.Path, actorType, stage);
        }
    }

    private bool Handle(SystemMessage message)
    {
        switch (message)
        {
            case CreateActor:
                return Create();
            case StopActor:
                return Stop();
            case RestartActor restart:
                return Restart(restart.Cause, restart.FailedMessage);
            case ResumeActor:
                Resume();
                return true;
            case WatchActor watch:
                cell.DeathWatch.AddWatcher(watch.Watcher);
                return true;
            case UnwatchActor unwatch:
                if (cell.HasDeathWatch)
                {
                    cell.DeathWatch.RemoveWatcher(unwatch.Watcher);
                }

                return true;
            case DeathWatchNotification notification:
                if (cell.HasDeathWatch && cell.DeathWatch.OnNotification(notification.Actor))
                {
                    cell.Mailbox.PostInternal(new Terminated(notification.Actor), notification.Actor);
                }

                return true;
            case ChildFailed failed:
                Supervisor.HandleChildFailure(cell, failed);
                return true;
            case ChildStopped stopped:
                cell.RemoveChild(stopped.Child);
                return OnChildStopped(stopped.Child);
            default:
                return true;
        }
    }

    private bool ContinueRestart()
    {
        if (_stopping)
        {
            return true;
        }

        if (StopChildren())
        {
            _awaitingChildrenForRestart = true;
            return true;
        }

        return FinishRestart();
    }

    private bool FinishRestart()
    {
        _awaitingChildrenForRestart = false;
        cell.ResetForRestart();
        if (!cell.TryCreateInstance("factory on restart"))
        {
            _restarting = false;
            return Stop();
        }

        return cell.RunHook(ActorHook.PostRestart);
    }

    private bool FinishStop()
    {
        if (cell.HasInstance && _started)
        {
            _started = false;
            return cell.RunHook(ActorHook.PostStop);
        }

        Terminate();
        return false;
    }

    /// <summary>Sends a stop to every child; false when there were none.</summary>
    private bool StopChildren()
    {
        var children = cell.ChildrenSnapshot();
        foreach (var child in children)
        {
            child.SendSystemMessage(new StopActor());
        }

        return children.Length > 0;
    }

    /// <summary>The end: close the mailbox (its messages become dead letters), answer late watches, release the cell.</summary>
    private void Terminate()
    {
        _terminated = true;
        var leftovers = cell.Mailbox.Close();
        AnswerAfterStop(_backlog);
        AnswerAfterStop(leftovers);
        _backlog = null;
        cell.ReleaseOnStop();
    }

    private void AnswerAfterStop(SystemMessage? first)
    {
        for (var message = first; message is not null; message = message.Next)
        {
            if (message is WatchActor watch)
            {
                watch.Watcher.SendSystemMessage(new DeathWatchNotification(cell.Self));
            }
        }
    }

    private void UpdateSuspension() => cell.SetSuspended(_failed || _restarting || _stopping);

    private void LogHookFailure(Exception? error, string hook)
    {
        var logger = cell.System.Logger;
        if (error is not null && logger.IsEnabled(LogLevel.Warning))
        {
            ActorLog.HookFailed(logger, error, cell.Path, hook);
        }
    }
}

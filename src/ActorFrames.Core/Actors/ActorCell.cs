using System.Diagnostics.CodeAnalysis;
using ActorFrames.Actors.Routing;

namespace ActorFrames.Actors;

/// <summary>
/// One actor's home: the context it sees and its run loop. A cell outlives restarts (only the instance
/// changes); its lifecycle state machine is <see cref="ActorLifecycle"/>. Everything runs on the actor's
/// turn unless stated otherwise.
/// </summary>
internal sealed class ActorCell : IActorContext
{
    private static readonly object s_noMessage = new();

    private readonly ActorSystem _system;
    private readonly ActorCell? _parent;
    private readonly Mailbox _mailbox;
    private readonly IInternalActorRef _self;
    private readonly Func<IActor> _factory;
    private readonly Props? _routeeProps;
    private readonly ActorLifecycle _lifecycle;
    private readonly int _throughput;
    private IActor? _actor;
    private Envelope _current;
    private Func<IActorContext, ValueTask>? _behavior;
    private Stack<Func<IActorContext, ValueTask>?>? _behaviorStack;
    private ChildrenContainer? _children;
    private DeathWatch? _watch;
    private StashBuffer? _stash;
    private ActorScheduler? _scheduler;
    private ValueTask _pending;
    private ActorHook _pendingHook;
    private Action? _resumeAfterAwait;
    private string? _path;
    private bool _suspended;
    private bool _awaiting;

    public ActorCell(ActorSystem system, Props props, ActorCell? parent, string name)
    {
        _system = system;
        _parent = parent;
        Props = props;
        Name = name;
        _throughput = props.Throughput ?? system.Options.DefaultThroughput;
        _mailbox = new Mailbox(this, props.Mailbox);
        _lifecycle = new ActorLifecycle(this);
        if (props.Router is { } router)
        {
            var routerRef = new RouterActorRef(this, router);
            _self = routerRef;
            _routeeProps = props.WithRouter(null);
            _factory = () => new PoolRouterActor(routerRef, _routeeProps);
        }
        else
        {
            _self = new LocalActorRef(this);
            _factory = props.Factory;
        }
    }

    public Props Props { get; }

    public string Name { get; }

    public string Path => _path ??= _parent is null ? $"actorframes://{_system.Name}/{Name}" : $"{_parent.Path}/{Name}";

    public Mailbox Mailbox => _mailbox;

    /// <summary>Whether the actor is waiting for an asynchronous handler or hook (read by SmallestMailbox routing).</summary>
    public bool IsAwaiting => Volatile.Read(ref _awaiting);

    public IActorRef Self => _self;

    public IActorRef Sender => _current.Sender ?? _system.DeadLetters;

    public IActorRef Parent => _parent is null ? _self : _parent.Self;

    public IReadOnlyCollection<IActorRef> Children => Array.ConvertAll(ChildrenSnapshot(), static child => child.Self);

    public ActorSystem System => _system;

    public object Message => _current.Message ?? s_noMessage;

    public ActorScheduler Scheduler => _scheduler ??= new ActorScheduler(_system.TimeProvider, _system.DeadLetters, tracksHandles: true);

    internal ActorCell? ParentCell => _parent;

    internal bool IsGuardian => _parent is null;

    internal SupervisorStrategy SupervisorStrategy => Props.SupervisorStrategy ?? _system.Options.DefaultSupervisorStrategy;

    internal ActorLifecycle Lifecycle => _lifecycle;

    internal bool HasInstance => _actor is not null;

    internal bool HasChildren => _children is { Count: > 0 };

    internal DeathWatch DeathWatch => _watch ??= new DeathWatch();

    internal bool HasDeathWatch => _watch is not null;

    /// <summary>Sends the create message; a router first spawns its routees, on the spawner's thread.</summary>
    public void Start()
    {
        if (_self is RouterActorRef router)
        {
            router.SpawnInitialRoutees(_routeeProps!);
        }

        _mailbox.PostSystem(new CreateActor());
    }

    /// <summary>Delivers a system message (any thread); one that arrives after the stop is answered as for a dead actor.</summary>
    public void SendSystemMessage(SystemMessage message)
    {
        if (!_mailbox.PostSystem(message) && message is WatchActor watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(_self));
        }
    }

    public IActorRef Spawn(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (_lifecycle.IsStopping)
        {
            throw new InvalidOperationException($"Actor '{Path}' is stopping and cannot spawn children.");
        }

        if (IsGuardian)
        {
            _system.ThrowIfShuttingDown();
        }

        var children = _children ?? EnsureChildren();
        string childName = name is null ? children.NextName() : ChildrenContainer.ValidateName(name);
        var child = new ActorCell(_system, props, this, childName);
        if (!children.TryAdd(child, Path))
        {
            throw new ArgumentException(
                $"An actor named '{childName}' already exists under '{Path}'; sibling names must be unique until the old actor has stopped.",
                nameof(name));
        }

        _system.OnActorCreated();
        child.Start();
        if (IsGuardian && _system.IsShuttingDown)
        {
            // Raced with ShutdownAsync: the guardian may have taken its list of children before this one.
            child.SendSystemMessage(new StopActor());
        }

        return child.Self;
    }

    public IActorRef? GetChild(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _children?.Find(name)?.Self;
    }

    public void Stop(IActorRef actor) => AsInternal(actor).SendSystemMessage(new StopActor());

    public IActorRef Watch(IActorRef actor)
    {
        var target = AsInternal(actor);
        if (target != _self && (_watch ??= new DeathWatch()).Watch(actor))
        {
            target.SendSystemMessage(new WatchActor(_self));
        }

        return actor;
    }

    public void Unwatch(IActorRef actor)
    {
        var target = AsInternal(actor);
        if (_watch is not null && _watch.Unwatch(actor))
        {
            target.SendSystemMessage(new UnwatchActor(_self));
        }
    }

    public void Stash()
    {
        if (_current.Message is null)
        {
            throw new InvalidOperationException($"Actor '{Path}' called Stash outside ReceiveAsync: there is no current message to stash.");
        }

        (_stash ??= new StashBuffer()).Stash(_current);
    }

    public void UnstashAll() => _stash?.UnstashAll();

    public void Become(Func<IActorContext, ValueTask> behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        _behavior = behavior;
    }

    public void BecomeStacked(Func<IActorContext, ValueTask> behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        (_behaviorStack ??= new()).Push(_behavior);
        _behavior = behavior;
    }

    public void Unbecome() => _behavior = _behaviorStack is { Count: > 0 } stack ? stack.Pop() : null;

    public void Respond(object message) => Sender.Tell(message, _self);

    /// <summary>The mailbox's work item: system messages first, then up to the throughput limit of user messages.</summary>
    public void Run()
    {
        if (_pendingHook != ActorHook.None && !ResumePending())
        {
            return;
        }

        int budget = _throughput;
        while (true)
        {
            if (_lifecycle.HasBacklog || _mailbox.HasSystemMessages)
            {
                if (!_lifecycle.ProcessSystemMessages())
                {
                    return;
                }

                continue;
            }

            if (_suspended)
            {
                break;
            }

            if (budget == 0)
            {
                _current = default;
                _mailbox.EndTurn(_stash?.HasUnstashed ?? false, budgetExhausted: true);
                return;
            }

            Envelope envelope;
            if (!(_stash is { HasUnstashed: true } stash && stash.TryTake(out envelope)) && !_mailbox.TryDequeue(out envelope))
            {
                break;
            }

            budget--;
            if (!Invoke(envelope))
            {
                return;
            }
        }

        _current = default;
        _mailbox.EndTurn(_stash?.HasUnstashed ?? false, budgetExhausted: false);
    }

    internal ActorCell[] ChildrenSnapshot() => _children?.Snapshot() ?? [];

    internal void RemoveChild(ActorCell child) => _children?.Remove(child);

    /// <summary>When no child is left, refuses any further spawn (closing the race with top-level spawns during shutdown).</summary>
    internal bool TrySealChildren() => (_children ?? EnsureChildren()).TrySeal();

    internal ChildRecord? FindChild(ActorCell child) => _children?.Find(child);

    internal void SetSuspended(bool suspended)
    {
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

    [SuppressMessage("Design", "CA1031", Justification = "Supervision point: a failing factory stops the actor with a logged error.")]
    internal bool TryCreateInstance(string stage)
    {
        try
        {
            _actor = _factory() ?? throw new InvalidOperationException("The actor factory returned null.");
            return true;
        }
        catch (Exception ex)
        {
            _actor = null;
            _lifecycle.LogInitializationFailure(ex, stage);
            return false;
        }
    }

    /// <summary>Runs a lifecycle hook; false when the turn must end (the hook is awaited, or the actor stopped).</summary>
    [SuppressMessage("Design", "CA1031", Justification = "Supervision point: a hook that throws is routed to the lifecycle.")]
    internal bool RunHook(ActorHook hook, object? failedMessage = null)
    {
        ValueTask task;
        try
        {
            task = hook switch
            {
                ActorHook.PreStart => _actor!.PreStartAsync(this),
                ActorHook.PreRestart => _actor!.PreRestartAsync(this, _lifecycle.RestartCause, failedMessage),
                ActorHook.PostRestart => _actor!.PostRestartAsync(this, _lifecycle.RestartCause),
                _ => _actor!.PostStopAsync(this),
            };
            if (!task.IsCompleted)
            {
                AwaitPending(task, hook);
                return false;
            }

            task.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            return _lifecycle.OnHookCompleted(hook, ex);
        }

        return _lifecycle.OnHookCompleted(hook, null);
    }

    internal void ResetForRestart()
    {
        _behavior = null;
        _behaviorStack?.Clear();
        _stash?.UnstashAll();
    }

    /// <summary>The end, after the mailbox closed: stashed messages become dead letters, watchers and the parent are told.</summary>
    internal void ReleaseOnStop()
    {
        _stash?.DrainToDeadLetters(_system.DeadLetters, _self);
        _scheduler?.CancelAll();
        _actor = null;
        _behavior = null;
        _behaviorStack = null;
        _current = default;
        _system.OnActorStopped(this);

        // Free the name before anyone hears of the stop, so a watcher may spawn a successor under it at once.
        _parent?.RemoveChild(this);
        _watch?.OnStopped(_self);
        _parent?.SendSystemMessage(new ChildStopped(this));
    }

    /// <summary>Handles one user message; false when the turn must end without EndTurn (awaiting, stopped).</summary>
    [SuppressMessage("Design", "CA1031", Justification = "Supervision point: any exception from a handler is escalated to the supervisor.")]
    private bool Invoke(in Envelope envelope)
    {
        _current = envelope;
        var message = envelope.Message;
        if (message is Terminated terminated && ReferenceEquals(terminated.Actor, envelope.Sender) && !(_watch?.AcceptTerminated(terminated.Actor) ?? true))
        {
            return true;
        }

        if (ReferenceEquals(message, PoisonPill.Instance))
        {
            return _lifecycle.Stop();
        }

        try
        {
            var task = _behavior is null ? _actor!.ReceiveAsync(this) : _behavior(this);
            if (task.IsCompleted)
            {
                task.GetAwaiter().GetResult();
                return true;
            }

            AwaitPending(task, ActorHook.Receive);
            return false;
        }
        catch (Exception ex)
        {
            _lifecycle.Fail(ex, message);
            return true;
        }
    }

    private void AwaitPending(ValueTask task, ActorHook hook)
    {
        Volatile.Write(ref _awaiting, true);
        _pending = task;
        _pendingHook = hook;
        _resumeAfterAwait ??= _mailbox.ScheduleResume;
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resumeAfterAwait);
    }

    [SuppressMessage("Design", "CA1031", Justification = "Supervision point: the outcome of an awaited handler or hook is routed to the lifecycle.")]
    private bool ResumePending()
    {
        var task = _pending;
        var hook = _pendingHook;
        _pending = default;
        _pendingHook = ActorHook.None;
        Volatile.Write(ref _awaiting, false);
        Exception? error = null;
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            error = ex;
        }

        if (hook != ActorHook.Receive)
        {
            return _lifecycle.OnHookCompleted(hook, error);
        }

        if (error is not null)
        {
            _lifecycle.Fail(error, _current.Message);
        }

        return true;
    }

    private ChildrenContainer EnsureChildren()
    {
        Interlocked.CompareExchange(ref _children, new ChildrenContainer(), null);
        return _children!;
    }

    private static IInternalActorRef AsInternal(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor as IInternalActorRef
            ?? throw new ArgumentException($"'{actor.Path}' ({actor.GetType().Name}) is not a reference created by an ActorFrames actor system.", nameof(actor));
    }
}

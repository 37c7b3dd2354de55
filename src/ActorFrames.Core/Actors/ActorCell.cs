using System.Diagnostics.CodeAnalysis;
using ActorFrames.Actors.Routing;

namespace ActorFrames.Actors;

/// <summary>
/// One actor incarnation's home: the context it sees, its run loop, and the state machine of its
/// lifecycle (create, fail, resume, restart, stop). A cell outlives restarts; only the instance changes.
/// Everything here runs on the actor's turn unless stated otherwise.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    private readonly ActorSystem _system;
    private readonly ActorCell? _parent;
    private readonly Mailbox _mailbox;
    private readonly IInternalActorRef _self;
    private readonly Func<IActor> _factory;
    private readonly int _throughput;
    private readonly Props? _routeeProps;
    private IActor? _actor;
    private Envelope _current;
    private Func<IActorContext, ValueTask>? _behavior;
    private Stack<Func<IActorContext, ValueTask>?>? _behaviorStack;
    private ChildrenContainer? _children;
    private DeathWatch? _watch;
    private StashBuffer? _stash;
    private ActorScheduler? _scheduler;
    private SystemMessage? _systemBacklog;
    private ValueTask _pending;
    private PendingKind _pendingKind;
    private Action? _resumeAfterAwait;
    private Exception? _restartCause;
    private ActorCell? _escalatedChild;
    private string? _path;
    private int _nextChildId;
    private bool _suspended;
    private bool _awaiting;
    private bool _started;
    private bool _failed;
    private bool _restarting;
    private bool _awaitingChildrenForRestart;
    private bool _stopping;
    private bool _terminated;

    public ActorCell(ActorSystem system, Props props, ActorCell? parent, string name)
    {
        _system = system;
        _parent = parent;
        Props = props;
        Name = name;
        _throughput = props.Throughput ?? system.Options.DefaultThroughput;
        _mailbox = new Mailbox(this, props.Mailbox);
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

    private enum PendingKind
    {
        None,
        Receive,
        PreStart,
        PreRestart,
        PostRestart,
        PostStop,
    }

    public Props Props { get; }

    public string Name { get; }

    public string Path => _path ??= _parent is null ? $"actorframes://{_system.Name}/{Name}" : $"{_parent.Path}/{Name}";

    public Mailbox Mailbox => _mailbox;

    public IInternalActorRef InternalSelf => _self;

    public bool IsTerminated => _mailbox.IsClosed;

    /// <summary>Whether the actor is waiting for an asynchronous handler or hook (read by SmallestMailbox routing).</summary>
    public bool IsAwaiting => Volatile.Read(ref _awaiting);

    public IActorRef Self => _self;

    public IActorRef Sender => _current.Sender ?? _system.DeadLetters;

    public IActorRef Parent => _parent is null ? _self : _parent.Self;

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            var cells = _children?.Snapshot() ?? [];
            var refs = new IActorRef[cells.Length];
            for (int i = 0; i < cells.Length; i++)
            {
                refs[i] = cells[i].Self;
            }

            return refs;
        }
    }

    public ActorSystem System => _system;

    public object Message => _current.Message ?? s_noMessage;

    public ActorScheduler Scheduler => _scheduler ??= new ActorScheduler(_system.TimeProvider, tracksHandles: true);

    internal SupervisorStrategy SupervisorStrategy => Props.SupervisorStrategy ?? _system.Options.DefaultSupervisorStrategy;

    internal bool IsGuardian => _parent is null;

    private static readonly object s_noMessage = new();

    /// <summary>Sends the create message; a router also spawns its first routees here, on the spawner's thread.</summary>
    public void Start()
    {
        if (_self is RouterActorRef router)
        {
            router.SpawnInitialRoutees(_routeeProps!);
        }

        _mailbox.PostSystem(new CreateActor());
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (!_mailbox.PostSystem(message))
        {
            HandleAfterStop(message);
        }
    }

    public IActorRef Spawn(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (_stopping || _terminated)
        {
            throw new InvalidOperationException($"Actor '{Path}' is stopping and cannot spawn children.");
        }

        if (IsGuardian)
        {
            _system.ThrowIfShuttingDown();
        }

        string childName = name is null ? NextChildName() : ValidateName(name);
        var child = new ActorCell(_system, props, this, childName);
        var children = _children ?? EnsureChildren();
        if (!children.TryAdd(child))
        {
            throw new ArgumentException(
                $"An actor named '{childName}' already exists under '{Path}'; sibling names must be unique until the old actor has stopped.",
                nameof(name));
        }

        _system.OnActorCreated();
        child.Start();
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

    /// <summary>The mailbox's work item body: system messages first, then up to the throughput limit of user messages.</summary>
    public void Run()
    {
        if (_pendingKind != PendingKind.None && !ResumePending())
        {
            return;
        }

        int budget = _throughput;
        while (true)
        {
            if (_systemBacklog is not null || _mailbox.HasSystemMessages)
            {
                if (!ProcessSystemMessages())
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
            return BeginStop();
        }

        try
        {
            var task = _behavior is null ? _actor!.ReceiveAsync(this) : _behavior(this);
            if (task.IsCompleted)
            {
                task.GetAwaiter().GetResult();
                return true;
            }

            AwaitPending(task, PendingKind.Receive);
            return false;
        }
        catch (Exception ex)
        {
            Fail(ex, message);
            return true;
        }
    }

    private void AwaitPending(ValueTask task, PendingKind kind)
    {
        Volatile.Write(ref _awaiting, true);
        _pending = task;
        _pendingKind = kind;
        _resumeAfterAwait ??= _mailbox.ScheduleResume;
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resumeAfterAwait);
    }

    [SuppressMessage("Design", "CA1031", Justification = "Supervision point: the outcome of an awaited handler or hook is routed to the lifecycle.")]
    private bool ResumePending()
    {
        var task = _pending;
        var kind = _pendingKind;
        _pending = default;
        _pendingKind = PendingKind.None;
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

        return OnCompleted(kind, error);
    }

    /// <summary>Awaits a lifecycle task: continues synchronously when it is done, else resumes the turn later.</summary>
    [SuppressMessage("Design", "CA1031", Justification = "Supervision point: a failed hook is routed to the lifecycle.")]
    private bool Await(ValueTask task, PendingKind kind)
    {
        if (!task.IsCompleted)
        {
            AwaitPending(task, kind);
            return false;
        }

        Exception? error = null;
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            error = ex;
        }

        return OnCompleted(kind, error);
    }

    [SuppressMessage("Design", "CA1031", Justification = "Supervision point: a hook that throws synchronously is treated like one whose task faults.")]
    private ValueTask CallHook(PendingKind kind, object? failedMessage = null)
    {
        try
        {
            return kind switch
            {
                PendingKind.PreStart => _actor!.PreStartAsync(this),
                PendingKind.PreRestart => _actor!.PreRestartAsync(this, _restartCause!, failedMessage),
                PendingKind.PostRestart => _actor!.PostRestartAsync(this, _restartCause!),
                _ => _actor!.PostStopAsync(this),
            };
        }
        catch (Exception ex)
        {
            return ValueTask.FromException(ex);
        }
    }

    private bool OnCompleted(PendingKind kind, Exception? error)
    {
        switch (kind)
        {
            case PendingKind.Receive:
                if (error is not null)
                {
                    Fail(error, _current.Message);
                }

                return true;
            case PendingKind.PreStart:
            case PendingKind.PostRestart:
                if (error is not null)
                {
                    LogInitializationFailure(error, kind == PendingKind.PreStart ? "PreStartAsync" : "PostRestartAsync");
                    return BeginStop();
                }

                _started = true;
                _restarting = false;
                _failed = false;
                UpdateSuspension();
                return true;
            case PendingKind.PreRestart:
                LogHookFailure(error, "PreRestartAsync");
                return ContinueRestart();
            default:
                LogHookFailure(error, "PostStopAsync");
                Terminate();
                return false;
        }
    }

    private bool ProcessSystemMessages()
    {
        while (true)
        {
            var message = _systemBacklog ?? _mailbox.TakeSystemMessages();
            if (message is null)
            {
                return true;
            }

            _systemBacklog = message.Next;
            message.Next = null;
            if (!HandleSystemMessage(message))
            {
                return false;
            }
        }
    }

    private bool HandleSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case CreateActor:
                return CreateAndStart();
            case StopActor:
                return BeginStop();
            case RestartActor restart:
                return BeginRestart(restart.Cause, restart.FailedMessage);
            case ResumeActor:
                OnResume();
                return true;
            case WatchActor watch:
                (_watch ??= new DeathWatch()).AddWatcher(watch.Watcher);
                return true;
            case UnwatchActor unwatch:
                _watch?.RemoveWatcher(unwatch.Watcher);
                return true;
            case DeathWatchNotification notification:
                if (_watch is not null && _watch.OnNotification(notification.Actor))
                {
                    _mailbox.Post(new Terminated(notification.Actor), notification.Actor);
                }

                return true;
            case ChildFailed failed:
                Supervisor.HandleChildFailure(this, failed);
                return true;
            case ChildStopped stopped:
                return OnChildStopped(stopped.Child);
            default:
                return true;
        }
    }

    /// <summary>A system message that reached this cell after it stopped (may run on any thread).</summary>
    private void HandleAfterStop(SystemMessage message)
    {
        if (message is WatchActor watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(_self));
        }
    }

    private string NextChildName()
    {
        int id = Interlocked.Increment(ref _nextChildId);
        return "$" + ((uint)id).ToString("x", global::System.Globalization.CultureInfo.InvariantCulture);
    }

    private ChildrenContainer EnsureChildren()
    {
        Interlocked.CompareExchange(ref _children, new ChildrenContainer(), null);
        return _children!;
    }

    private static string ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal) || name[0] == '$')
        {
            throw new ArgumentException(
                $"Actor name '{name}' is invalid: a name must be non-empty, contain no '/' and not start with '$' (reserved for generated names).",
                nameof(name));
        }

        return name;
    }

    private static IInternalActorRef AsInternal(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor as IInternalActorRef
            ?? throw new ArgumentException($"'{actor.Path}' ({actor.GetType().Name}) is not a reference created by an ActorFrames actor system.", nameof(actor));
    }
}

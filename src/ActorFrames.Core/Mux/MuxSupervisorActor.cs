using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Pipelines;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Mux;

/// <summary>
/// A stochastic mux over live sources, as an actor: keeps k streams active, each read by a child
/// <see cref="MuxStreamActor{T}"/>, with budgets from a seeded <see cref="MuxScheduler"/>; retires an activation when
/// its budget is spent or its stream ends and at once activates a replacement; restarts a failing stream after an
/// exponential back-off and prunes it past the restart limit; and feeds the consumers one merged stream.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// <para><b>One merged stream.</b> The output of a mux is one sampled stream, so every frame is re-stamped with the
/// supervisor's own <see cref="SourceId"/> and a gapless sequence before it goes to the consumers (the original
/// timestamp is kept). A consumer's rechunker therefore sees one continuous stream and its chunks, results and
/// de-duplication keys are those of that stream. Every stream must share one channel count and rate; a frame that
/// does not is a failure of its stream.</para>
/// <para><b>Sampling.</b> Live sources push frames when they have them, so the next frame comes from whichever
/// active stream produced first; weights bias which streams are activated, not the order of their frames.</para>
/// <para><b>Failures.</b> A child reports what its source threw and reads no further; the supervisor retires the
/// activation (reason <see cref="MuxRetireReason.Failed"/>), suspends the stream in the scheduler (so replacements
/// keep k streams active) and schedules its restart on its own <see cref="IActorContext.Scheduler"/>, hence on the
/// system's <see cref="TimeProvider"/>. The back-off and the limit follow the kernel's rules
/// (<see cref="MuxRestartPolicy"/>). The kernel's restart is not used because it restarts a child in place, after
/// the delay, without telling the parent: the mux must free the slot at once and must open a fresh activation.
/// When the back-off is over the stream takes a free slot or, if none is free, the slot it failed in, whose
/// stand-in activation is retired early (<see cref="MuxRetireReason.Preempted"/>); in
/// <see cref="StochasticMuxMode.Exhaustive"/> mode, where a retired stream never comes back, it waits for the next
/// free slot instead. Past the limit the stream is pruned and <see cref="StreamPruned"/> says why.</para>
/// <para><b>Flow control.</b> A child sends at most <see cref="MuxSupervisorOptions.FramesInFlight"/> frames ahead;
/// the supervisor grants more as it forwards them, and waits on the consumers' bounded mailboxes, so a slow
/// consumer slows the sources instead of filling memory.</para>
/// <para><b>End.</b> When no stream is active, none waits for a restart and none can be activated, the supervisor
/// publishes <see cref="MuxCompleted"/>, tells every consumer <see cref="EndOfStream"/> and stops itself.</para>
/// </remarks>
internal sealed class MuxSupervisorActor<T> : IActor
    where T : unmanaged
{
    private readonly ImmutableArray<Streamer<Frame<T>>> _streams;
    private readonly MuxPlan _plan;
    private readonly MuxSupervisorOptions _options;
    private readonly IActorRef[] _consumers;
    private readonly IActorRef[] _subscribers;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly SourceId _sourceId;
    private readonly int _seed;
    private readonly MuxScheduler _scheduler;
    private readonly GrantCredit _credit;
    private readonly IActorRef?[] _slotActor;
    private readonly long[] _slotActivation;
    private readonly int[] _slotForwarded;
    private readonly bool[] _backingOff;
    private readonly int[] _failedSlot;
    private readonly ScheduledTell?[] _restartTimers;
    private readonly Queue<RestartStream> _restartQueue = new();
    private MuxRestartPolicy? _restarts;
    private TimeProvider _time = TimeProvider.System;
    private IActorRef? _self;
    private int _backingOffCount;
    private long _sequence;
    private long _activations;
    private int _channels;
    private double? _rate;
    private bool _formatKnown;
    private bool _completed;

    /// <summary>Initializes the supervisor (one instance per start; see <see cref="CreateProps"/>).</summary>
    /// <param name="streams">The restartable streams.</param>
    /// <param name="plan">The validated sampling settings.</param>
    /// <param name="options">A validated snapshot of the settings.</param>
    /// <param name="consumers">Where the merged frames go.</param>
    /// <param name="subscribers">Who is told the activation, retirement, restart, prune and completion events.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="stopping">Cancelled when the consumers are gone: a send waiting for room gives up and the frames go nowhere.</param>
    public MuxSupervisorActor(
        ImmutableArray<Streamer<Frame<T>>> streams,
        MuxPlan plan,
        MuxSupervisorOptions options,
        IActorRef[] consumers,
        IActorRef[] subscribers,
        ILogger<MuxSupervisorActor<T>> logger,
        CancellationToken stopping)
    {
        _stopping = stopping;
        _streams = streams;
        _plan = plan;
        _options = options;
        _consumers = consumers;
        _subscribers = subscribers;
        _logger = logger;
        _sourceId = new SourceId(options.SourceId);
        _seed = plan.Seed ?? Random.Shared.Next();
        _scheduler = new MuxScheduler(plan, new Random(_seed));
        _credit = new GrantCredit(Math.Max(1, options.FramesInFlight / 2));
        _slotActor = new IActorRef?[plan.ActiveCount];
        _slotActivation = new long[plan.ActiveCount];
        _slotForwarded = new int[plan.ActiveCount];
        _backingOff = new bool[plan.StreamCount];
        _failedSlot = new int[plan.StreamCount];
        _restartTimers = new ScheduledTell?[plan.StreamCount];
    }

    /// <summary>Props of a supervisor; validates everything up front.</summary>
    /// <param name="streams">The restartable streams; at least one.</param>
    /// <param name="options">The settings (copied: later changes have no effect).</param>
    /// <param name="consumers">Where the merged frames go (each gets every frame and, at the end, <see cref="EndOfStream"/>).</param>
    /// <param name="subscribers">Who is told the <see cref="StreamActivated"/>, <see cref="StreamRetired"/>, <see cref="StreamRestarted"/>,
    /// <see cref="StreamPruned"/> and <see cref="MuxCompleted"/> events.</param>
    /// <param name="loggerFactory">Where to log.</param>
    /// <param name="stopping">
    /// Cancelled when the consumers are gone (their owner is stopping): a send waiting on a full consumer mailbox gives
    /// up, so the supervisor can stop even if the consumer never takes the frame. Required when a consumer is the
    /// supervisor's parent, which cannot finish stopping before it.
    /// </param>
    /// <returns>The props (children that fail outside their source are stopped, and count as failures of their stream).</returns>
    /// <exception cref="ArgumentException">A stream is null, there are none, or a setting is invalid (the message names it).</exception>
    public static Props CreateProps(
        IEnumerable<Streamer<Frame<T>>> streams,
        MuxSupervisorOptions options,
        IEnumerable<IActorRef> consumers,
        IEnumerable<IActorRef> subscribers,
        ILoggerFactory loggerFactory,
        CancellationToken stopping = default)
    {
        ArgumentNullException.ThrowIfNull(consumers);
        ArgumentNullException.ThrowIfNull(subscribers);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var (captured, plan, snapshot) = Capture(streams, options);
        IActorRef[] consumerArray = [.. consumers];
        IActorRef[] subscriberArray = [.. subscribers];
        if (Array.IndexOf(consumerArray, null) >= 0 || Array.IndexOf(subscriberArray, null) >= 0)
        {
            throw new ArgumentException("The consumers and subscribers must not contain null references.", nameof(consumers));
        }

        var logger = loggerFactory.CreateLogger<MuxSupervisorActor<T>>();
        return Props.Create(() => new MuxSupervisorActor<T>(captured, plan, snapshot, consumerArray, subscriberArray, logger, stopping))
            .WithSupervisorStrategy(SupervisorStrategy.OneForOne(static _ => Directive.Stop, maxRetries: 0));
    }

    /// <summary>Validates the streams and settings and takes an immutable snapshot of them.</summary>
    /// <param name="streams">The streams.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The streams, the sampling plan and a copy of the settings.</returns>
    internal static (ImmutableArray<Streamer<Frame<T>>> Streams, MuxPlan Plan, MuxSupervisorOptions Options) Capture(
        IEnumerable<Streamer<Frame<T>>> streams, MuxSupervisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(streams);
        MuxSupervisorOptionsValidator.ThrowIfInvalid(options, nameof(options));
        ImmutableArray<Streamer<Frame<T>>> captured = [.. streams];
        if (captured.IsEmpty)
        {
            throw new ArgumentException("The stream collection is empty; a mux needs at least one stream.", nameof(streams));
        }

        for (int i = 0; i < captured.Length; i++)
        {
            if (captured[i] is null)
            {
                throw new ArgumentException($"Stream {i} is null; every stream must be a Streamer.", nameof(streams));
            }
        }

        var plan = MuxPlan.Create(options.Mux, captured.Length, nameof(options));
        var mux = options.Mux;
        var snapshot = new MuxSupervisorOptions
        {
            Mux = new StochasticMuxOptions
            {
                ActiveCount = mux.ActiveCount,
                Rate = mux.Rate,
                Weights = mux.Weights is null ? null : [.. mux.Weights],
                Mode = mux.Mode,
                Distribution = mux.Distribution,
                PruneEmpty = mux.PruneEmpty,
                Seed = mux.Seed,
            },
            SourceId = options.SourceId,
            MaxRestarts = options.MaxRestarts,
            RestartWindow = options.RestartWindow,
            BackoffMin = options.BackoffMin,
            BackoffMax = options.BackoffMax,
            BackoffJitter = options.BackoffJitter,
            FramesInFlight = options.FramesInFlight,
        };
        return (captured, plan, snapshot);
    }

    /// <inheritdoc />
    public ValueTask PreStartAsync(IActorContext context)
    {
        _self = context.Self;
        _time = context.System.TimeProvider;
        _restarts = new MuxRestartPolicy(_options, _plan.StreamCount, _seed, _time);
        FillSlots(context);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        Frame<T> frame => OnFrame(context, frame),
        StreamEnded => OnEnded(context),
        StreamFailed failed => OnFailed(context, failed.Cause),
        RestartStream restart => OnRestart(context, restart),
        Terminated terminated => OnTerminated(context, terminated.Actor),
        MuxStatusRequest => OnStatus(context),
        _ => throw new InvalidOperationException($"Mux supervisor '{_options.SourceId}' got an unexpected {context.Message.GetType().Name}."),
    };

    private ValueTask OnFrame(IActorContext context, Frame<T> frame)
    {
        int slot = FindSlot(context.Sender);
        if (slot < 0)
        {
            // Sent by an activation that was retired meanwhile (preempted, or its stream failed the format check).
            frame.Release();
            return ValueTask.CompletedTask;
        }

        if (!_formatKnown)
        {
            _channels = frame.Channels;
            _rate = frame.SampleRate;
            _formatKnown = true;
        }
        else if (frame.Channels != _channels || frame.SampleRate != _rate)
        {
            var error = FormatMismatch(slot, frame);
            frame.Release();
            OnSlotFailed(context, slot, error);
            return ValueTask.CompletedTask;
        }

        var merged = Frame<T>.Copy(frame.Span, new FrameInfo(_sourceId, _sequence++, frame.Timestamp, frame.Channels, frame.SampleRate));
        frame.Release();
        bool spent = _scheduler.RecordItem(slot);
        if (!spent && ++_slotForwarded[slot] >= _credit.Frames)
        {
            _slotForwarded[slot] = 0;
            _slotActor[slot]!.Tell(_credit, _self);
        }

        // The frame goes out before the slot is refilled, so that a completion's EndOfStream follows it.
        var forwarded = Forward(merged);
        if (!spent)
        {
            return forwarded;
        }

        if (forwarded.IsCompletedSuccessfully)
        {
            RetireSpent(context, slot);
            return ValueTask.CompletedTask;
        }

        return RetireAfterAsync(forwarded, context, slot);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RetireAfterAsync(ValueTask forwarded, IActorContext context, int slot)
    {
        await forwarded.ConfigureAwait(false);
        RetireSpent(context, slot);
    }

    private void RetireSpent(IActorContext context, int slot)
    {
        Retire(context, slot, MuxRetireReason.BudgetSpent, null);
        FillSlots(context);
    }

    private ValueTask Forward(Frame<T> frame)
    {
        var consumers = _consumers;
        if (consumers.Length == 0 || _stopping.IsCancellationRequested)
        {
            frame.Release();
            return ValueTask.CompletedTask;
        }

        frame.Retain(consumers.Length - 1);
        int c = 0;
        try
        {
            for (; c < consumers.Length; c++)
            {
                var sent = consumers[c].SendAsync(frame, null, _stopping);
                if (!sent.IsCompletedSuccessfully)
                {
                    return ForwardRestAsync(sent, frame, c);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            ReleaseUnsent(frame, c);
        }

        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ForwardRestAsync(ValueTask pending, Frame<T> frame, int current)
    {
        try
        {
            await pending.ConfigureAwait(false);
            while (++current < _consumers.Length)
            {
                await _consumers[current].SendAsync(frame, null, _stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            ReleaseUnsent(frame, current);
        }
    }

    /// <summary>Drops the references meant for the consumers from <paramref name="first"/> on, which the frame never reached.</summary>
    private void ReleaseUnsent(Frame<T> frame, int first)
    {
        for (int c = first; c < _consumers.Length; c++)
        {
            frame.Release();
        }
    }

    private ValueTask OnEnded(IActorContext context)
    {
        int slot = FindSlot(context.Sender);
        if (slot >= 0)
        {
            Retire(context, slot, MuxRetireReason.Exhausted, null);
            FillSlots(context);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnFailed(IActorContext context, Exception cause)
    {
        int slot = FindSlot(context.Sender);
        if (slot >= 0)
        {
            OnSlotFailed(context, slot, cause);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnTerminated(IActorContext context, IActorRef actor)
    {
        int slot = FindSlot(actor);
        if (slot >= 0)
        {
            int stream = _scheduler.StreamInSlot(slot);
            MuxLog.StreamActorLost(_logger, _options.SourceId, stream, slot);
            OnSlotFailed(context, slot, new InvalidOperationException(
                $"The actor reading stream {stream} stopped without reporting an end or a failure of its source (see the kernel's log for its error)."));
        }

        return ValueTask.CompletedTask;
    }

    private void OnSlotFailed(IActorContext context, int slot, Exception cause)
    {
        var retirement = Retire(context, slot, MuxRetireReason.Failed, cause);
        int stream = retirement.Stream;
        if (!_scheduler.IsPruned(stream))
        {
            if (_restarts!.TryCountFailure(stream, out int attempt))
            {
                if (!_backingOff[stream])
                {
                    var delay = _restarts.ComputeDelay(stream, attempt);
                    _backingOff[stream] = true;
                    _backingOffCount++;
                    _failedSlot[stream] = slot;
                    _scheduler.Suspend(stream);
                    _restartTimers[stream] = context.Scheduler.ScheduleTellOnce(delay, context.Self, new RestartStream(stream, attempt, delay));
                    MuxLog.StreamBackingOff(_logger, cause, _options.SourceId, stream, retirement.Items, attempt, delay);
                }
            }
            else
            {
                PruneFailing(stream, attempt, cause);
            }
        }

        FillSlots(context);
    }

    private void PruneFailing(int stream, int failures, Exception cause)
    {
        if (_backingOff[stream])
        {
            _backingOff[stream] = false;
            _backingOffCount--;
            _restartTimers[stream]?.Cancel();
            _restartTimers[stream] = null;
        }

        _scheduler.Prune(stream);
        string reason = _restarts!.DescribePrune(failures, cause);
        MuxLog.FailingStreamPruned(_logger, cause, _options.SourceId, stream, reason);
        Publish(new StreamPruned(stream, reason, failures, cause, _time.GetUtcNow()));
    }

    private ValueTask OnRestart(IActorContext context, RestartStream restart)
    {
        int stream = restart.Stream;
        if (!_backingOff[stream])
        {
            // Pruned after the timer had already fired.
            return ValueTask.CompletedTask;
        }

        _backingOff[stream] = false;
        _backingOffCount--;
        _restartTimers[stream] = null;
        if (_scheduler.ActiveSlots == _scheduler.SlotCount && _plan.Mode != StochasticMuxMode.Exhaustive)
        {
            Retire(context, _failedSlot[stream], MuxRetireReason.Preempted, null);
        }

        if (!TryRestart(context, restart))
        {
            _restartQueue.Enqueue(restart);
        }

        FillSlots(context);
        return ValueTask.CompletedTask;
    }

    /// <summary>Opens a restarted stream in a free slot; false when none is free (it stays suspended until one is).</summary>
    private bool TryRestart(IActorContext context, RestartStream restart)
    {
        int stream = restart.Stream;
        if (_scheduler.IsPruned(stream))
        {
            return true;
        }

        _scheduler.Resume(stream);
        if (!_scheduler.TryActivate(stream, out var activation))
        {
            _scheduler.Suspend(stream);
            return false;
        }

        long number = Spawn(context, activation);
        MuxLog.StreamRestarted(_logger, _options.SourceId, stream, activation.Slot, restart.Attempt, number);
        Publish(new StreamRestarted(stream, activation.Slot, number, restart.Attempt, restart.Delay, _time.GetUtcNow()));
        return true;
    }

    private ValueTask OnStatus(IActorContext context)
    {
        var slots = ImmutableArray.CreateBuilder<int>(_scheduler.SlotCount);
        for (int slot = 0; slot < _scheduler.SlotCount; slot++)
        {
            slots.Add(_scheduler.StreamInSlot(slot));
        }

        var backingOff = ImmutableArray.CreateBuilder<int>();
        var pruned = ImmutableArray.CreateBuilder<int>();
        for (int stream = 0; stream < _plan.StreamCount; stream++)
        {
            if (_backingOff[stream] || IsQueued(stream))
            {
                backingOff.Add(stream);
            }

            if (_scheduler.IsPruned(stream))
            {
                pruned.Add(stream);
            }
        }

        context.Respond(new MuxStatusResponse(slots.MoveToImmutable(), backingOff.ToImmutable(), pruned.ToImmutable(), _sequence, _activations));
        return ValueTask.CompletedTask;
    }

    /// <summary>Serves due restarts first, then lets the scheduler fill the free slots; completes when nothing is left.</summary>
    private void FillSlots(IActorContext context)
    {
        while (_restartQueue.Count > 0 && _scheduler.ActiveSlots < _scheduler.SlotCount && TryRestart(context, _restartQueue.Peek()))
        {
            _restartQueue.Dequeue();
        }

        while (_scheduler.TryActivateNext(out var activation))
        {
            Spawn(context, activation);
        }

        if (!_completed && _scheduler.ActiveSlots == 0 && _backingOffCount == 0 && _restartQueue.Count == 0)
        {
            Complete(context);
        }
    }

    private long Spawn(IActorContext context, MuxActivation activation)
    {
        long number = ++_activations;
        var stream = _streams[activation.Stream];
        long budget = activation.Budget;
        int credit = _options.FramesInFlight;
        string name = string.Create(CultureInfo.InvariantCulture, $"stream-{activation.Stream}-{number}");
        var child = context.Spawn(Props.Create(() => new MuxStreamActor<T>(stream, budget, credit)), name);
        context.Watch(child);
        _slotActor[activation.Slot] = child;
        _slotActivation[activation.Slot] = number;
        _slotForwarded[activation.Slot] = 0;
        MuxLog.StreamActivated(_logger, _options.SourceId, activation.Stream, activation.Slot, number, budget);
        Publish(new StreamActivated(activation.Stream, activation.Slot, number, budget == long.MaxValue ? null : budget, _time.GetUtcNow()));
        return number;
    }

    private MuxRetirement Retire(IActorContext context, int slot, MuxRetireReason reason, Exception? error)
    {
        var actor = _slotActor[slot]!;
        _slotActor[slot] = null;
        context.Unwatch(actor);
        context.Stop(actor);
        var retirement = _scheduler.Retire(slot, reason);
        long activation = _slotActivation[slot];
        MuxLog.StreamRetired(_logger, _options.SourceId, retirement.Stream, slot, activation, reason, retirement.Items);
        var now = _time.GetUtcNow();
        Publish(new StreamRetired(retirement.Stream, slot, activation, reason, retirement.Items, error, now));
        if (retirement.Pruned)
        {
            const string Reason = "it yielded nothing in an activation (PruneEmpty is on)";
            MuxLog.EmptyStreamPruned(_logger, _options.SourceId, retirement.Stream, Reason);
            Publish(new StreamPruned(retirement.Stream, Reason, 0, null, now));
        }

        return retirement;
    }

    private void Complete(IActorContext context)
    {
        _completed = true;
        MuxLog.Completed(_logger, _options.SourceId, _sequence, _activations);
        Publish(new MuxCompleted(_sequence, _activations, _time.GetUtcNow()));

        // Tell, not SendAsync: a full consumer mailbox queues it behind the frames already sent, in order.
        foreach (var consumer in _consumers)
        {
            consumer.Tell(EndOfStream.Instance);
        }

        context.Stop(context.Self);
    }

    private void Publish(object message)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(message, _self);
        }
    }

    private bool IsQueued(int stream)
    {
        foreach (var restart in _restartQueue)
        {
            if (restart.Stream == stream)
            {
                return true;
            }
        }

        return false;
    }

    private int FindSlot(IActorRef actor)
    {
        var actors = _slotActor;
        for (int slot = 0; slot < actors.Length; slot++)
        {
            if (ReferenceEquals(actors[slot], actor))
            {
                return slot;
            }
        }

        return -1;
    }

    private InvalidDataException FormatMismatch(int slot, Frame<T> frame) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"Stream {_scheduler.StreamInSlot(slot)} sent frame {frame.Sequence} with {frame.Channels} channel(s) at {frame.SampleRate?.ToString(CultureInfo.InvariantCulture) ?? "no"} rate, but mux '{_options.SourceId}' started with {_channels} channel(s) at {_rate?.ToString(CultureInfo.InvariantCulture) ?? "no"} rate: every stream of a mux must share one format."));
}

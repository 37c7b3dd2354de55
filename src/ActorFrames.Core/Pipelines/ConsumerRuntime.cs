using ActorFrames.Actors;
using ActorFrames.Results;
using ActorFrames.Workers;

namespace ActorFrames.Pipelines;

/// <summary>
/// What a running pipeline knows of one consumer: its options, its counters (written by its actor, read by
/// statistics snapshots from any thread) and its completion.
/// </summary>
internal abstract class ConsumerRuntime(ConsumerOptions options)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _framesIn;
    private long _chunksOut;
    private long _framesDropped;
    private long _chunksDropped;
    private long _newestFrameTicks;
    private long _newestResultTicks;
    private int _outstanding;

    /// <summary>Gets the consumer's options.</summary>
    public ConsumerOptions Options { get; } = options;

    /// <summary>Gets the consumer's name.</summary>
    public string Name => Options.Name;

    /// <summary>Gets or sets the consumer's rechunk actor.</summary>
    public IActorRef? Actor { get; set; }

    /// <summary>Gets a task that completes when the consumer has flushed and every result is in.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Gets the dispatcher's in-flight count (0 before it exists).</summary>
    public abstract int InFlight { get; }

    /// <summary>Gets the results delivered.</summary>
    public abstract long Results { get; }

    /// <summary>Gets the chunks that failed.</summary>
    public abstract long Failed { get; }

    /// <summary>Spawns the consumer's actor under <paramref name="parent"/>'s context.</summary>
    public abstract IActorRef SpawnActor(IActorContext parent, PipelineContext pipeline);

    /// <summary>Gets or sets the source actor, which results nudge (drop-oldest consumers); set once it is spawned.</summary>
    public IActorRef? Source { get; set; }

    /// <summary>Records counters after a frame (called by the consumer's actor only).</summary>
    public void OnFrame(DateTimeOffset timestamp, long framesIn, long framesDropped, long chunksDropped)
    {
        OnCounters(framesIn, framesDropped, chunksDropped);
        Volatile.Write(ref _newestFrameTicks, timestamp.UtcTicks);
    }

    /// <summary>Records the rechunker's counters (called by the consumer's actor only).</summary>
    public void OnCounters(long framesIn, long framesDropped, long chunksDropped)
    {
        Volatile.Write(ref _framesIn, framesIn);
        Volatile.Write(ref _framesDropped, framesDropped);
        Volatile.Write(ref _chunksDropped, chunksDropped);
    }

    /// <summary>Gets the chunks handed to the consumer's actor whose outcome has not arrived.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Counts a dispatched chunk (called by the consumer's actor only).</summary>
    public void OnChunkDispatched() => Volatile.Write(ref _chunksOut, _chunksOut + 1);

    /// <summary>Counts a chunk the source handed to the consumer's actor.</summary>
    public void OnChunkHandedOver() => Interlocked.Increment(ref _outstanding);

    /// <summary>Counts a chunk whose outcome arrived.</summary>
    /// <returns>Whether the source should be nudged to hand over chunks waiting in its rechunker.</returns>
    public bool OnChunkSettled()
    {
        var left = Interlocked.Decrement(ref _outstanding);
        return Options.Overflow == ConsumerOverflow.DropOldest && left < Options.EffectiveMaxInFlight;
    }

    /// <summary>Records the newest result's chunk time (any thread).</summary>
    public void OnResultTime(DateTimeOffset timestamp)
    {
        var ticks = timestamp.UtcTicks;
        var seen = Volatile.Read(ref _newestResultTicks);
        while (ticks > seen)
        {
            var prior = Interlocked.CompareExchange(ref _newestResultTicks, ticks, seen);
            if (prior == seen)
            {
                return;
            }

            seen = prior;
        }
    }

    /// <summary>Marks the consumer done.</summary>
    public void Complete() => _completion.TrySetResult();

    /// <summary>Marks the consumer failed.</summary>
    public void Fail(Exception error) => _completion.TrySetException(error);

    /// <summary>Takes a snapshot of the counters.</summary>
    public ConsumerStatistics Snapshot()
    {
        var frame = Volatile.Read(ref _newestFrameTicks);
        var result = Volatile.Read(ref _newestResultTicks);
        var completed = Completion.IsCompleted;
        var lag = !completed && frame > 0 && result > 0 && frame > result ? TimeSpan.FromTicks(frame - result) : TimeSpan.Zero;
        return new ConsumerStatistics(
            Name,
            Options.Mode.Name,
            Volatile.Read(ref _framesIn),
            Volatile.Read(ref _chunksOut),
            Volatile.Read(ref _framesDropped),
            Volatile.Read(ref _chunksDropped),
            InFlight,
            Results,
            Failed,
            lag,
            completed);
    }

    /// <summary>Completes the consumer's result stream.</summary>
    public abstract void CompleteResults(Exception? error);
}

/// <summary>The typed runtime of one consumer.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The handler's result type.</typeparam>
internal sealed class ConsumerRuntime<T, TResult> : ConsumerRuntime, IResultSource<TResult>
    where T : unmanaged
{
    public ConsumerRuntime(ConsumerOptions options, Action<ChunkResult<TResult>>? onDone, bool streamResults)
        : base(options)
    {
        Collector = new ResultCollector<TResult>(options.Ordering, result =>
        {
            OnResultTime(result.Chunk.Timestamp);
            onDone?.Invoke(result);
        }, streamResults);
    }

    /// <summary>Gets the consumer's result collector.</summary>
    public ResultCollector<TResult> Collector { get; }

    /// <summary>Gets or sets the consumer's dispatcher (set by its actor on start).</summary>
    public IChunkDispatcher<T>? Dispatcher { get; set; }

    /// <inheritdoc />
    public override int InFlight => Dispatcher?.InFlight ?? 0;

    /// <inheritdoc />
    public override long Results => Collector.Delivered - Collector.Failed;

    /// <inheritdoc />
    public override long Failed => Collector.Failed;

    /// <inheritdoc />
    public override IActorRef SpawnActor(IActorContext parent, PipelineContext pipeline)
    {
        var props = Props.Create(() => new ConsumerActor<T, TResult>(this, pipeline))
            .WithMailbox(MailboxOptions.Bounded(Options.MailboxCapacity, OverflowPolicy.Backpressure));
        Actor = parent.Spawn(props, Name);
        return Actor;
    }

    /// <inheritdoc />
    public override void CompleteResults(Exception? error) => Collector.Complete(error);

    /// <inheritdoc />
    public IAsyncEnumerable<ChunkResult<TResult>> ReadAllAsync(CancellationToken cancellationToken) => Collector.ReadAllAsync(cancellationToken);
}

using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Results;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Pipelines;

/// <summary>
/// A running pipeline: live statistics, the results, a clean stop. Dispose it (it stops the run first if
/// it is still going, and releases the actors).
/// </summary>
public sealed class PipelineRun : IAsyncDisposable
{
    private readonly ConsumerRuntime[] _consumers;
    private readonly ActorSystem _system;
    private readonly bool _ownsSystem;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly CancellationTokenRegistration _external;
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IActorRef? _root;
    private long _framesRead;
    private int _disposed;

    private PipelineRun(ConsumerRuntime[] consumers, ActorSystem system, bool ownsSystem, CancellationToken cancellationToken)
    {
        _consumers = consumers;
        _system = system;
        _ownsSystem = ownsSystem;
        _external = cancellationToken.UnsafeRegister(static state => ((PipelineRun)state!).RequestStop(), this);
        Completion = CompleteAsync();
    }

    /// <summary>Gets a task that completes when every consumer has flushed and every result is in; it faults when a part of the pipeline failed.</summary>
    public Task Completion { get; }

    /// <summary>Gets the number of frames the source produced so far.</summary>
    public long FramesRead => Volatile.Read(ref _framesRead);

    /// <summary>Gets whether the source has ended (naturally or because the run was stopped).</summary>
    public bool SourceEnded { get; private set; }

    /// <summary>Takes a snapshot of every consumer's statistics.</summary>
    /// <returns>One entry per consumer, in the order they were added.</returns>
    public IReadOnlyList<ConsumerStatistics> GetStatistics()
    {
        var snapshot = new ConsumerStatistics[_consumers.Length];
        for (var i = 0; i < snapshot.Length; i++)
        {
            snapshot[i] = _consumers[i].Snapshot();
        }

        return snapshot;
    }

    /// <summary>Reads a consumer's outcomes as they arrive (the consumer must have been added with streaming on).</summary>
    /// <typeparam name="TResult">The consumer's result type.</typeparam>
    /// <param name="consumer">The consumer's name.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>Each chunk's outcome exactly once, in the consumer's result order; ends when the consumer completes.</returns>
    public IAsyncEnumerable<ChunkResult<TResult>> ReadResultsAsync<TResult>(string consumer, CancellationToken cancellationToken = default)
    {
        foreach (var runtime in _consumers)
        {
            if (runtime.Name == consumer)
            {
                return runtime is IResultSource<TResult> source
                    ? source.ReadAllAsync(cancellationToken)
                    : throw new InvalidOperationException($"Consumer '{consumer}' does not produce {typeof(TResult).Name} results.");
            }
        }

        throw new KeyNotFoundException($"The pipeline has no consumer named '{consumer}'.");
    }

    /// <summary>Stops the run cleanly: the source ends, partial chunks are flushed, in-flight results arrive.</summary>
    /// <param name="cancellationToken">Stops waiting (the run goes on stopping).</param>
    /// <returns>A task that completes with <see cref="Completion"/>.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        RequestStop();
        await Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RequestStop();

        // A failure is the caller's to observe through Completion; disposal goes on regardless.
        await Completion.WaitAsync(_system.Options.ShutdownTimeout, _system.TimeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!Completion.IsCompleted)
        {
            await _aborted.CancelAsync().ConfigureAwait(false);
        }

        await _external.DisposeAsync().ConfigureAwait(false);
        if (_root is not null)
        {
            _system.Stop(_root);
            await _stopped.Task.WaitAsync(_system.Options.ShutdownTimeout, _system.TimeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_ownsSystem)
        {
            await _system.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        _aborted.Dispose();
    }

    internal static PipelineRun Start<T>(
        IAsyncEnumerable<Frame<T>> frames,
        ConsumerRuntime[] consumers,
        HandlerRegistry registry,
        ActorSystem system,
        bool ownsSystem,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
        where T : unmanaged
    {
        var run = new PipelineRun(consumers, system, ownsSystem, cancellationToken);
        var context = new PipelineContext(registry, timeProvider, loggerFactory, run._stopping.Token, run._aborted.Token, cancellationToken);
        var strategy = SupervisorStrategy.OneForOne(run.OnChildFailed, maxRetries: 0);
        var props = Props.Create(() => new PipelineActor(SpawnChildren, run._stopped)).WithSupervisorStrategy(strategy);
        run._root = system.Spawn(props, $"pipeline-{Guid.NewGuid():N}");
        return run;

        void SpawnChildren(IActorContext parent)
        {
            foreach (var consumer in consumers)
            {
                consumer.SpawnActor(parent, context);
            }

            var source = parent.Spawn(Props.Create(() => new SourceActor<T>(frames, consumers, context, run.OnFramesRead, run.OnSourceEnded)), "source");
            foreach (var consumer in consumers)
            {
                consumer.Source = source;
            }
        }
    }

    private async Task CompleteAsync()
    {
        var all = new Task[_consumers.Length];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = _consumers[i].Completion;
        }

        var done = Task.WhenAll(all);
        var first = await Task.WhenAny(done, _failed.Task).ConfigureAwait(false);
        await first.ConfigureAwait(false);
    }

    private Directive OnChildFailed(Exception error)
    {
        _failed.TrySetException(error);
        foreach (var consumer in _consumers)
        {
            consumer.CompleteResults(error);
        }

        return Directive.Stop;
    }

    private void OnFramesRead(long frames) => Volatile.Write(ref _framesRead, frames);

    private void OnSourceEnded() => SourceEnded = true;

    private void RequestStop()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: the run is over.
        }
    }
}

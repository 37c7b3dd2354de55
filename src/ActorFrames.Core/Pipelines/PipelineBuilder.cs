using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.Rechunking;
using ActorFrames.Results;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorFrames.Pipelines;

/// <summary>Builds a pipeline: one source, any number of consumers, each with its own chunking, handler and worker mode.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class PipelineBuilder<T>
    where T : unmanaged
{
    private readonly IAsyncEnumerable<Frame<T>> _frames;
    private readonly List<Func<ConsumerRuntime>> _consumers = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private HandlerRegistry? _registry;
    private ActorSystem? _system;
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private TimeProvider _timeProvider = TimeProvider.System;

    internal PipelineBuilder(IAsyncEnumerable<Frame<T>> frames) => _frames = frames;

    /// <summary>Uses <paramref name="registry"/> to find handlers by name (default: the built-in handlers).</summary>
    /// <param name="registry">The registry every process of this deployment builds alike.</param>
    /// <returns>This builder.</returns>
    public PipelineBuilder<T> WithHandlers(HandlerRegistry registry)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        return this;
    }

    /// <summary>Runs the pipeline's actors in <paramref name="system"/> instead of a system of its own.</summary>
    /// <param name="system">The actor system; the caller disposes it.</param>
    /// <returns>This builder.</returns>
    public PipelineBuilder<T> WithSystem(ActorSystem system)
    {
        _system = system ?? throw new ArgumentNullException(nameof(system));
        return this;
    }

    /// <summary>Logs through <paramref name="loggerFactory"/>.</summary>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <returns>This builder.</returns>
    public PipelineBuilder<T> WithLoggerFactory(ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        return this;
    }

    /// <summary>Takes time from <paramref name="timeProvider"/> (a manual one in tests).</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>This builder.</returns>
    public PipelineBuilder<T> WithTimeProvider(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        return this;
    }

    /// <summary>Adds a consumer.</summary>
    /// <typeparam name="TResult">The result type of its handler.</typeparam>
    /// <param name="options">Its name, chunking, handler, worker mode, limits and result order.</param>
    /// <param name="onDone">Called once per chunk outcome at the origin, serialized; keep it short.</param>
    /// <param name="streamResults">Whether outcomes are also kept for <see cref="PipelineRun.ReadResultsAsync{TResult}"/> (then read them).</param>
    /// <returns>This builder.</returns>
    public PipelineBuilder<T> Consumer<TResult>(ConsumerOptions options, Action<ChunkResult<TResult>>? onDone = null, bool streamResults = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RechunkOptionsValidator.ThrowIfInvalid(options.Name, options.Chunking);
        if (!_names.Add(options.Name))
        {
            throw new ArgumentException($"A consumer named '{options.Name}' was already added to this pipeline.", nameof(options));
        }

        _consumers.Add(() => new ConsumerRuntime<T, TResult>(options, onDone, streamResults));
        return this;
    }

    /// <summary>Adds a consumer cut by duration (the frames must carry a sample rate).</summary>
    /// <typeparam name="TResult">The result type of its handler.</typeparam>
    /// <param name="name">The consumer's name.</param>
    /// <param name="duration">The chunk duration.</param>
    /// <param name="handler">The registered handler's name.</param>
    /// <param name="mode">Where the handler runs; inline by default.</param>
    /// <param name="onDone">Called once per chunk outcome.</param>
    /// <returns>This builder.</returns>
    public PipelineBuilder<T> Consumer<TResult>(string name, TimeSpan duration, string handler, WorkerMode? mode = null, Action<ChunkResult<TResult>>? onDone = null)
        => Consumer(new ConsumerOptions { Name = name, Handler = handler, Mode = mode ?? WorkerMode.Inline, Chunking = new RechunkOptions { Duration = duration } }, onDone);

    /// <summary>Adds a consumer cut by a number of elements per channel.</summary>
    /// <typeparam name="TResult">The result type of its handler.</typeparam>
    /// <param name="name">The consumer's name.</param>
    /// <param name="size">The chunk size in samples per channel.</param>
    /// <param name="handler">The registered handler's name.</param>
    /// <param name="mode">Where the handler runs; inline by default.</param>
    /// <param name="onDone">Called once per chunk outcome.</param>
    /// <returns>This builder.</returns>
    public PipelineBuilder<T> Consumer<TResult>(string name, int size, string handler, WorkerMode? mode = null, Action<ChunkResult<TResult>>? onDone = null)
        => Consumer(new ConsumerOptions { Name = name, Handler = handler, Mode = mode ?? WorkerMode.Inline, Chunking = new RechunkOptions { Size = size } }, onDone);

    /// <summary>Starts the pipeline.</summary>
    /// <param name="cancellationToken">Stops the run cleanly when cancelled: the source ends, partial chunks are flushed, results drain.</param>
    /// <returns>The running pipeline.</returns>
    public PipelineRun Start(CancellationToken cancellationToken = default)
    {
        if (_consumers.Count == 0)
        {
            throw new InvalidOperationException("A pipeline needs at least one consumer: call Consumer(...) before Start.");
        }

        var registry = _registry ?? BuiltInHandlers.Register(new HandlerRegistry());
        var runtimes = new ConsumerRuntime[_consumers.Count];
        for (var i = 0; i < runtimes.Length; i++)
        {
            runtimes[i] = _consumers[i]();
            _ = registry.Get(runtimes[i].Options.Handler);
        }

        var ownsSystem = _system is null;
        var system = _system ?? ActorSystem.Create("pipeline", new ActorSystemOptions { TimeProvider = _timeProvider, LoggerFactory = _loggerFactory });
        return PipelineRun.Start(_frames, runtimes, registry, system, ownsSystem, _timeProvider, _loggerFactory, cancellationToken);
    }

    /// <summary>Runs the pipeline to the end of its source (or until cancelled, then cleanly).</summary>
    /// <param name="cancellationToken">Stops the run cleanly.</param>
    /// <returns>Every consumer's final statistics.</returns>
    public async Task<IReadOnlyList<ConsumerStatistics>> RunAsync(CancellationToken cancellationToken = default)
    {
        var run = Start(cancellationToken);
        await using (run.ConfigureAwait(false))
        {
            await run.Completion.ConfigureAwait(false);
            return run.GetStatistics();
        }
    }
}

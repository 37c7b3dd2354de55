using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Rechunking;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Pipelines;

/// <summary>
/// One consumer's actor: re-cuts the frames its source pushes with its own <see cref="Rechunker{T}"/> and
/// hands every chunk to the consumer's worker mode. With backpressure it waits for room (and so, through
/// its bounded mailbox, does the source); with drop-oldest it leaves cut chunks in the rechunker's bounded
/// buffer, which drops the oldest, until a worker frees a place.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The handler's result type.</typeparam>
[SuppressMessage("Design", "CA1001", Justification = "The rechunker is disposed in PostStopAsync, the actor's end of life.")]
internal sealed class RechunkActor<T, TResult> : IActor
    where T : unmanaged
{
    private readonly ConsumerRuntime<T, TResult> _runtime;
    private readonly PipelineContext _pipeline;
    private readonly Rechunker<T> _rechunker;
    private readonly RechunkConsumer<T> _consumer;
    private readonly bool _dropOldest;
    private readonly int _maxInFlight;
    private IChunkDispatcher<T>? _dispatcher;

    public RechunkActor(ConsumerRuntime<T, TResult> runtime, PipelineContext pipeline)
    {
        _runtime = runtime;
        _pipeline = pipeline;
        _rechunker = new Rechunker<T>(runtime.Name, runtime.Options.Chunking, pipeline.LoggerFactory.CreateLogger<Rechunker<T>>());
        _consumer = _rechunker.Consumers[0];
        _dropOldest = runtime.Options.Overflow == ConsumerOverflow.DropOldest;
        _maxInFlight = runtime.Options.EffectiveMaxInFlight;
    }

    /// <inheritdoc />
    public ValueTask PreStartAsync(IActorContext context)
    {
        var sink = _dropOldest ? new NudgingSink(_runtime.Collector, context.Self) : (IResultSink<TResult>)_runtime.Collector;
        var dispatcherContext = new DispatcherContext<TResult>(
            _runtime.Name,
            _runtime.Options.Handler,
            _pipeline.Registry,
            sink,
            _maxInFlight,
            _pipeline.TimeProvider,
            _pipeline.LoggerFactory,
            (props, name) => context.Spawn(props, name));
        _dispatcher = _runtime.Options.Mode.CreateDispatcher<T, TResult>(dispatcherContext);
        _runtime.Dispatcher = _dispatcher;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        Frame<T> frame => OnFrame(frame),
        DrainRequested => Dispatch(),
        EndOfStream => OnEndAsync(),
        _ => throw new InvalidOperationException($"Consumer '{_runtime.Name}' got an unexpected {context.Message.GetType().Name}."),
    };

    /// <inheritdoc />
    public async ValueTask PostStopAsync(IActorContext context)
    {
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync().ConfigureAwait(false);
        }

        _rechunker.Dispose();
    }

    private ValueTask OnFrame(Frame<T> frame)
    {
        var timestamp = frame.Timestamp;
        try
        {
            _rechunker.Write(frame);
        }
        finally
        {
            frame.Release();
        }

        var statistics = _consumer.Statistics;
        _runtime.OnFrame(timestamp, statistics.FramesWritten, statistics.FramesDropped, statistics.ChunksDropped);
        return Dispatch();
    }

    private ValueTask Dispatch()
    {
        var dispatcher = _dispatcher!;
        while ((!_dropOldest || dispatcher.InFlight < _maxInFlight) && _consumer.TryRead(out var chunk))
        {
            _runtime.OnChunkDispatched();
            var accepted = dispatcher.DispatchAsync(chunk, _pipeline.Aborted);
            if (!accepted.IsCompletedSuccessfully)
            {
                return DispatchRestAsync(accepted);
            }
        }

        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DispatchRestAsync(ValueTask accepted)
    {
        await accepted.ConfigureAwait(false);
        var dispatcher = _dispatcher!;
        while ((!_dropOldest || dispatcher.InFlight < _maxInFlight) && _consumer.TryRead(out var chunk))
        {
            _runtime.OnChunkDispatched();
            await dispatcher.DispatchAsync(chunk, _pipeline.Aborted).ConfigureAwait(false);
        }
    }

    private async ValueTask OnEndAsync()
    {
        _rechunker.Complete();
        var statistics = _consumer.Statistics;
        _runtime.OnCounters(statistics.FramesWritten, statistics.FramesDropped, statistics.ChunksDropped);
        var dispatcher = _dispatcher!;
        while (_consumer.TryRead(out var chunk))
        {
            _runtime.OnChunkDispatched();
            await dispatcher.DispatchAsync(chunk, _pipeline.Aborted).ConfigureAwait(false);
        }

        await dispatcher.DrainAsync(_pipeline.Aborted).ConfigureAwait(false);
        _runtime.CompleteResults(null);
        _runtime.Complete();
    }

    /// <summary>Forwards outcomes to the collector and nudges the actor to dispatch what waits.</summary>
    private sealed class NudgingSink(IResultSink<TResult> inner, IActorRef actor) : IResultSink<TResult>
    {
        public void OnResult(in ChunkInfo chunk, TResult value)
        {
            inner.OnResult(chunk, value);
            actor.Tell(DrainRequested.Instance);
        }

        public void OnFailed(in ChunkInfo chunk, Exception error)
        {
            inner.OnFailed(chunk, error);
            actor.Tell(DrainRequested.Instance);
        }
    }
}

using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Pipelines;

/// <summary>
/// One consumer's actor: takes the chunks its source cut for it and hands each to the consumer's worker
/// mode (inline, pool, processes, cluster). With backpressure its bounded mailbox and the worker mode's
/// in-flight limit make the source wait; at the end of the stream it waits for every result.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The handler's result type.</typeparam>
internal sealed class ConsumerActor<T, TResult>(ConsumerRuntime<T, TResult> runtime, PipelineContext pipeline) : IActor
    where T : unmanaged
{
    private IChunkDispatcher<T>? _dispatcher;

    /// <inheritdoc />
    public ValueTask PreStartAsync(IActorContext context)
    {
        var dispatcherContext = new DispatcherContext<TResult>(
            runtime.Name,
            runtime.Options.Handler,
            pipeline.Registry,
            new OutcomeSink(runtime),
            runtime.Options.EffectiveMaxInFlight,
            pipeline.TimeProvider,
            pipeline.LoggerFactory,
            (props, name) => context.Spawn(props, name));
        _dispatcher = runtime.Options.Mode.CreateDispatcher<T, TResult>(dispatcherContext);
        runtime.Dispatcher = _dispatcher;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        Chunk<T> chunk => Dispatch(chunk),
        EndOfStream => OnEndAsync(),
        _ => throw new InvalidOperationException($"Consumer '{runtime.Name}' got an unexpected {context.Message.GetType().Name}."),
    };

    /// <inheritdoc />
    public async ValueTask PostStopAsync(IActorContext context)
    {
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ValueTask Dispatch(Chunk<T> chunk)
    {
        runtime.OnChunkDispatched();
        return _dispatcher!.DispatchAsync(chunk, pipeline.Aborted);
    }

    private async ValueTask OnEndAsync()
    {
        await _dispatcher!.DrainAsync(pipeline.Aborted).ConfigureAwait(false);
        runtime.CompleteResults(null);
        runtime.Complete();
    }

    /// <summary>Forwards outcomes to the collector; for drop-oldest consumers it nudges the source to hand over what waits.</summary>
    private sealed class OutcomeSink(ConsumerRuntime<T, TResult> runtime) : IResultSink<TResult>
    {
        public void OnResult(in ChunkInfo chunk, TResult value)
        {
            runtime.Collector.OnResult(chunk, value);
            Settled();
        }

        public void OnFailed(in ChunkInfo chunk, Exception error)
        {
            runtime.Collector.OnFailed(chunk, error);
            Settled();
        }

        private void Settled()
        {
            if (runtime.OnChunkSettled())
            {
                runtime.Source?.Tell(DrainRequested.Instance);
            }
        }
    }
}

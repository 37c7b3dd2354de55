using ActorFrames.Actors;
using ActorFrames.Actors.Routing;
using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>
/// Routes a consumer's chunks to n worker actors behind a smallest-mailbox router. An in-flight gate bounds
/// what is outstanding: dispatch is synchronous while there is room and waits (allocation-free) when not.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class PoolDispatcher<T> : IChunkDispatcher<T>
    where T : unmanaged
{
    private readonly IActorRef _router;
    private readonly InFlightGate _gate;

    private PoolDispatcher(IActorRef router, InFlightGate gate)
    {
        _router = router;
        _gate = gate;
    }

    /// <inheritdoc />
    public int InFlight => _gate.Count;

    /// <summary>Creates the pool's router and workers.</summary>
    public static PoolDispatcher<T> Create<TResult>(DispatcherContext<TResult> context, int workers, CancellationToken cancellationToken)
    {
        var spawn = context.Spawn ?? throw new InvalidOperationException($"Consumer '{context.Consumer}': the pool worker mode runs in an actor system; use it through a pipeline.");
        var registration = context.Registry.Get<T, TResult>(context.Handler);
        var gate = new InFlightGate(context.MaxInFlight);
        var results = context.Results;
        var props = Props.Create(() => new ChunkWorkerActor<T, TResult>(registration.Factory(), results, gate, cancellationToken))
            .WithRouter(RouterConfig.SmallestMailbox(workers));
        var router = spawn(props, "workers");
        return new PoolDispatcher<T>(router, gate);
    }

    /// <inheritdoc />
    public ValueTask DispatchAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        if (_gate.TryEnter())
        {
            _router.Tell(chunk);
            return ValueTask.CompletedTask;
        }

        return WaitAsync(chunk, cancellationToken);
    }

    /// <inheritdoc />
    public Task DrainAsync(CancellationToken cancellationToken) => _gate.WaitEmptyAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async ValueTask WaitAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        try
        {
            await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            chunk.Dispose();
            throw;
        }

        _router.Tell(chunk);
    }
}

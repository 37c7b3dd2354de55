namespace ActorFrames.Workers;

/// <summary>Runs n handler instances as local worker actors behind a router.</summary>
/// <param name="workers">The pool size.</param>
internal sealed class PoolWorkerMode(int workers) : WorkerMode
{
    /// <inheritdoc />
    public override int Workers { get; } = workers;

    /// <inheritdoc />
    public override string Name => $"pool({Workers})";

    /// <inheritdoc />
    internal override IChunkDispatcher<T> CreateDispatcher<T, TResult>(DispatcherContext<TResult> context)
        => PoolDispatcher<T>.Create(context, Workers, CancellationToken.None);
}

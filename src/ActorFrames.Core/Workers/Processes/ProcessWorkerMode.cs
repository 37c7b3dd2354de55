namespace ActorFrames.Workers.Processes;

/// <summary>Runs the handler in child processes of the <c>actorframes</c> executable.</summary>
/// <param name="workers">The number of children.</param>
/// <param name="options">How children start and how often a chunk is retried.</param>
internal sealed class ProcessWorkerMode(int workers, ProcessWorkerOptions options) : WorkerMode
{
    /// <inheritdoc />
    public override int Workers { get; } = workers;

    /// <inheritdoc />
    public override string Name => $"process({Workers})";

    /// <inheritdoc />
    internal override IChunkDispatcher<T> CreateDispatcher<T, TResult>(DispatcherContext<TResult> context)
        => new ProcessDispatcher<T, TResult>(context, Workers, options);
}

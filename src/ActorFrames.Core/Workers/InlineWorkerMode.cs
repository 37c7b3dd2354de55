namespace ActorFrames.Workers;

/// <summary>Runs the handler in the dispatching actor, one chunk at a time.</summary>
internal sealed class InlineWorkerMode : WorkerMode
{
    /// <inheritdoc />
    public override int Workers => 1;

    /// <inheritdoc />
    public override string Name => "inline";

    /// <inheritdoc />
    internal override IChunkDispatcher<T> CreateDispatcher<T, TResult>(DispatcherContext<TResult> context)
        => new InlineDispatcher<T, TResult>(context.Registry.Get<T, TResult>(context.Handler).Factory(), context.Results);
}

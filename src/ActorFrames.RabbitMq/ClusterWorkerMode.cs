using ActorFrames.RabbitMq.Origin;
using ActorFrames.Workers;

namespace ActorFrames.RabbitMq;

/// <summary>Runs a consumer's handler on worker nodes reached through RabbitMQ.</summary>
/// <param name="options">Validated options, owned by the mode.</param>
internal sealed class ClusterWorkerMode(RabbitMqOptions options) : WorkerMode
{
    /// <summary>Gets the options the mode's dispatchers use.</summary>
    public RabbitMqOptions Options { get; } = options;

    /// <inheritdoc />
    public override int Workers => Options.PublishWindow;

    /// <inheritdoc />
    public override string Name => "cluster(rabbitmq)";

    /// <inheritdoc />
    internal override IChunkDispatcher<T> CreateDispatcher<T, TResult>(DispatcherContext<TResult> context)
        => new ClusterDispatcher<T, TResult>(context, Options);
}

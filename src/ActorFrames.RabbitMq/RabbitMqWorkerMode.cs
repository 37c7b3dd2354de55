using ActorFrames.Workers;

namespace ActorFrames.RabbitMq;

/// <summary>Adds the cluster worker mode to <see cref="WorkerMode"/>: <c>WorkerMode.Cluster(options)</c>.</summary>
public static class RabbitMqWorkerMode
{
    extension(WorkerMode)
    {
        /// <summary>
        /// Creates a mode that sends each chunk through RabbitMQ to worker nodes that host a pool for the consumer
        /// (<c>actorframes node</c>), and brings every result back exactly once. The handler code does not change.
        /// </summary>
        /// <param name="options">The broker and spool settings; validated now and copied.</param>
        /// <returns>The mode.</returns>
        /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is wrong; the message names its key.</exception>
        public static WorkerMode Cluster(RabbitMqOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            RabbitMqOptionsValidator.ThrowIfInvalid(options);
            return new ClusterWorkerMode(options.Clone());
        }
    }
}

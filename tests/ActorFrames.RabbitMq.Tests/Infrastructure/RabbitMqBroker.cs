namespace ActorFrames.Tests.Infrastructure;

/// <summary>The xunit fixture of the "RabbitMq" collection: a <see cref="PrivateRabbitMqNode"/> started once per run.</summary>
public sealed class RabbitMqBroker : PrivateRabbitMqNode, IAsyncLifetime
{
    /// <inheritdoc />
    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    /// <inheritdoc />
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

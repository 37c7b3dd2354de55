namespace ActorFrames.Tests.Infrastructure;

/// <summary>The xunit fixture of the "RabbitMq" collection: a <see cref="PrivateRabbitMqNode"/> started once per run.</summary>
public sealed class RabbitMqBroker : PrivateRabbitMqNode, IAsyncLifetime
{
    /// <summary>Initializes a new instance of the <see cref="RabbitMqBroker"/> class: a node that also speaks TLS.</summary>
    public RabbitMqBroker() => EnableTls = true;

    /// <inheritdoc />
    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    /// <inheritdoc />
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

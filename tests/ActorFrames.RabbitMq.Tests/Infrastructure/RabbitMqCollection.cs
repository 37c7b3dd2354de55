namespace ActorFrames.Tests.Infrastructure;

/// <summary>Tests that share the private broker; they run one after another, and the broker starts once.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqBroker>
{
    /// <summary>The collection name.</summary>
    public const string Name = "RabbitMq";
}

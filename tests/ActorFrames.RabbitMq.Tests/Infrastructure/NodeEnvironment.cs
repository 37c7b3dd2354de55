using System.Globalization;
using ActorFrames.RabbitMq;

namespace ActorFrames.Tests.Infrastructure;

/// <summary>Environment overrides that point a child <c>actorframes node --config cluster-config/worker.json</c> at the test broker.</summary>
internal static class NodeEnvironment
{
    public static Dictionary<string, string> For(RabbitMqOptions options, string consumer, string handler, int workers) => new()
    {
        ["ACTORFRAMES_RabbitMq__Endpoints"] = options.Endpoints,
        ["ACTORFRAMES_RabbitMq__QueuePrefix"] = options.QueuePrefix,
        ["ACTORFRAMES_RabbitMq__ReconnectMaxDelay"] = "00:00:00.500",
        ["ACTORFRAMES_Node__Pools__0__Consumer"] = consumer,
        ["ACTORFRAMES_Node__Pools__0__Handler"] = handler,
        ["ACTORFRAMES_Node__Pools__0__Workers"] = workers.ToString(CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, string> ForStatus(RabbitMqOptions options) => new()
    {
        ["ACTORFRAMES_RabbitMq__Endpoints"] = options.Endpoints,
        ["ACTORFRAMES_RabbitMq__QueuePrefix"] = options.QueuePrefix,
    };
}

using ActorFrames.Tests.Infrastructure;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// The broker a cluster benchmark talks to: the one named by <c>ACTORFRAMES_BENCH_RABBITMQ</c> (host:port), or a
/// private node on 127.0.0.1 started for the run by the tests' <see cref="PrivateRabbitMqNode"/> (compiled in). The
/// private node keeps its data in memory (<c>/dev/shm</c>) when the machine has it, or in the folder named by
/// <c>ACTORFRAMES_BENCH_BROKER_DIR</c>: both the raw loop and the cluster mode talk to the same kind of broker, and a
/// shared virtual disk's fsync times would otherwise swing every figure by a third.
/// </summary>
internal sealed class BenchmarkBroker : IDisposable
{
    /// <summary>The variable that names a running broker (host:port) instead of a private node.</summary>
    public const string Variable = "ACTORFRAMES_BENCH_RABBITMQ";
    private const string DirectoryVariable = "ACTORFRAMES_BENCH_BROKER_DIR";
    private const string MemoryDirectory = "/dev/shm";
    private readonly PrivateRabbitMqNode? _node;

    private BenchmarkBroker(string endpoint, PrivateRabbitMqNode? node)
    {
        Endpoint = endpoint;
        _node = node;
    }

    /// <summary>Gets the broker's host:port.</summary>
    public string Endpoint { get; }

    /// <summary>Gets the private node's Erlang VM process, or null for a configured broker.</summary>
    public int? ServerProcessId => _node?.ServerProcessId;

    /// <summary>Uses the configured broker, or starts a private node.</summary>
    /// <returns>The broker.</returns>
    public static BenchmarkBroker Start()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } endpoint)
        {
            return new BenchmarkBroker(endpoint, null);
        }

        var directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
            ? configured
            : Directory.Exists(MemoryDirectory) ? MemoryDirectory : null;
        var node = new PrivateRabbitMqNode(directory);
        // BenchmarkDotNet's set-up is synchronous; the node starts once per benchmark process.
        node.StartAsync().GetAwaiter().GetResult();
        return new BenchmarkBroker($"127.0.0.1:{node.Port}", node);
    }

    /// <summary>Stops the private node, if this started one.</summary>
    public void Dispose() => _node?.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

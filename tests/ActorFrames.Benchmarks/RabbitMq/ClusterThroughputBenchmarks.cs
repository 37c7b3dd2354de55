using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// The cluster goal's measure: 32 KiB chunks through the cluster worker mode (origin → quorum work queue → worker pool
/// → results back on the reply queue) against a raw RabbitMQ.Client loop (publish with confirms → two consumers that
/// ack), in the same run on the same kind of broker, in 8 rounds. Each operation is one message; the goal is the
/// cluster at ≥ 90 % of the raw rate (<see cref="ThroughputColumn"/>). <see cref="ClusterVariantBenchmarks"/> holds the
/// variants beside it.
/// </summary>
/// <remarks>The baseline, <see cref="ClusterThroughputBase.RawPublishConsume"/>, comes with the base class.</remarks>
[MemoryDiagnoser]
[Config(typeof(ClusterJob))]
public class ClusterThroughputBenchmarks : ClusterThroughputBase
{
    [GlobalSetup(Target = nameof(Cluster))]
    public void SetupCluster() => StartCluster(nodes: 1, ClusterRig.LengthHandler, workersPerNode: 2);

    /// <summary>
    /// One worker node whose pool of two workers consumes on two channels at prefetch 64 over one connection, as the raw
    /// loop's two consumers do, running a handler that reads nothing, as they do.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task Cluster() => ClusterRoundAsync();
}

/// <summary>
/// Variants beside the goal's measure, in 2 rounds against the same baseline: the raw loop on one connection, the
/// cluster on two worker nodes, and the cluster running a handler that reads every byte.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ClusterVariantsJob))]
public class ClusterVariantBenchmarks : ClusterThroughputBase
{
    [GlobalSetup(Target = nameof(RawSharedConnection))]
    public void SetupRawShared() => StartRaw(consumerConnection: false);

    [GlobalSetup(Target = nameof(ClusterTwoNodes))]
    public void SetupClusterTwoNodes() => StartCluster(nodes: 2, ClusterRig.LengthHandler, workersPerNode: 1);

    [GlobalSetup(Target = nameof(ClusterChecksum))]
    public void SetupClusterChecksum() => StartCluster(nodes: 1, ActorFrames.Handlers.BuiltInHandlers.Checksum, workersPerNode: 2);

    /// <summary>
    /// The raw loop with the consumers on the publisher's connection, which only a process that publishes to itself can
    /// do: on two cores that saves the second connection's I/O on both sides.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task RawSharedConnection() => RawRoundAsync();

    /// <summary>The same two consumers as two worker nodes of one worker each: one more connection, and its I/O, on the same two cores.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task ClusterTwoNodes() => ClusterRoundAsync();

    /// <summary>One node of two workers running the built-in checksum handler: the cluster mode plus a real handler's work on every byte.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task ClusterChecksum() => ClusterRoundAsync();
}

using System.Diagnostics.CodeAnalysis;
using ActorFrames.Handlers;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// 32 KiB chunks through the cluster worker mode (origin → quorum work queue → worker pool → results back on the reply
/// queue) against a raw RabbitMQ.Client loop (publish with confirms → two consumers that ack), in the same run on the
/// same kind of broker. Each operation is one message; the goal is Cluster ≥ 90 % of the raw rate (a mean time at
/// most 1.11 × the raw one).
/// </summary>
/// <remarks>
/// The baseline is the raw loop shaped as the cluster is deployed: a publishing client and a consuming client, each with
/// a connection of its own (the origin and a worker node are separate processes, usually on separate machines).
/// <see cref="RawSharedConnection"/> runs the same loop with the consumers on the publisher's connection, which only a
/// process that publishes to itself can do; on two cores that saves the second connection's I/O on both sides, and
/// it is reported beside the baseline.
/// </remarks>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet calls [GlobalCleanup], which disposes the rig.")]
[Config(typeof(ClusterJob))]
public class ClusterThroughputBenchmarks
{
    private const int Messages = 2000;
    private readonly byte[] _data = new byte[32 * 1024];
    private ClusterRig? _rig;

    [GlobalSetup(Target = nameof(RawPublishConsume))]
    public void SetupRaw()
    {
        _rig = new ClusterRig();
        _rig.StartRawAsync(consumers: 2, consumerConnection: true).GetAwaiter().GetResult();
        new Random(7).NextBytes(_data);
    }

    [GlobalSetup(Target = nameof(RawSharedConnection))]
    public void SetupRawShared()
    {
        _rig = new ClusterRig();
        _rig.StartRawAsync(consumers: 2, consumerConnection: false).GetAwaiter().GetResult();
        new Random(7).NextBytes(_data);
    }

    [GlobalSetup(Target = nameof(Cluster))]
    public void SetupCluster()
    {
        _rig = new ClusterRig();
        _rig.StartClusterAsync(nodes: 1, ClusterRig.LengthHandler, workersPerNode: 2).GetAwaiter().GetResult();
        new Random(7).NextBytes(_data);
    }

    [GlobalSetup(Target = nameof(ClusterTwoNodes))]
    public void SetupClusterTwoNodes()
    {
        _rig = new ClusterRig();
        _rig.StartClusterAsync(nodes: 2, ClusterRig.LengthHandler, workersPerNode: 1).GetAwaiter().GetResult();
        new Random(7).NextBytes(_data);
    }

    [GlobalSetup(Target = nameof(ClusterChecksum))]
    public void SetupClusterChecksum()
    {
        _rig = new ClusterRig();
        _rig.StartClusterAsync(nodes: 1, BuiltInHandlers.Checksum, workersPerNode: 2).GetAwaiter().GetResult();
        new Random(7).NextBytes(_data);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_rig is { } rig && rig.Sink.Failures > 0)
        {
            throw new InvalidOperationException($"{rig.Sink.Failures} chunks failed during the benchmark.");
        }

        _rig?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The baseline: a publisher with confirms on one connection, two acknowledging consumers on another.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public Task RawPublishConsume() => _rig!.RawRoundAsync(_data, Messages);

    /// <summary>The same raw loop with the consumers on the publisher's connection (one process talking to itself).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task RawSharedConnection() => _rig!.RawRoundAsync(_data, Messages);

    /// <summary>
    /// The goal's measure: one worker node whose pool of two workers consumes on two channels at prefetch 64 over one
    /// connection, as the raw loop's two consumers do, running a handler that reads nothing, as they do.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task Cluster() => _rig!.ClusterRoundAsync(_data, Messages);

    /// <summary>The same two consumers as two worker nodes of one worker each: one more connection, and its I/O, on the same two cores.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task ClusterTwoNodes() => _rig!.ClusterRoundAsync(_data, Messages);

    /// <summary>One node of two workers running the built-in checksum handler: the cluster mode plus a real handler's work on every byte.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task ClusterChecksum() => _rig!.ClusterRoundAsync(_data, Messages);
}

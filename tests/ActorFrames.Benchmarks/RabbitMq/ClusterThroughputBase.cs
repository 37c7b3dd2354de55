using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// What the cluster throughput classes share: their baseline (<see cref="RawPublishConsume"/>), one
/// <see cref="ClusterRig"/> per benchmark process, started by the benchmark's set-up, and rounds of 2,000 messages of
/// 32 KiB.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet calls [GlobalCleanup], which disposes the rig.")]
public abstract class ClusterThroughputBase
{
    /// <summary>The messages of one operation.</summary>
    protected const int Messages = 2000;

    private readonly byte[] _data = RandomChunk();
    private ClusterRig? _rig;

    [GlobalSetup(Target = nameof(RawPublishConsume))]
    public void SetupRaw() => StartRaw(consumerConnection: true);

    /// <summary>
    /// The baseline: a publisher with confirms on one connection, two acknowledging consumers on another. That is the
    /// raw loop shaped as the cluster is deployed: the origin and a worker node are separate processes, usually on
    /// separate machines.
    /// </summary>
    /// <returns>A task that completes when every message was acknowledged.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public Task RawPublishConsume() => RawRoundAsync();

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_rig is { } rig && rig.Sink.Failures > 0)
        {
            throw new InvalidOperationException($"{rig.Sink.Failures} chunks failed during the benchmark.");
        }

        _rig?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Starts the raw loop with two consumers.</summary>
    /// <param name="consumerConnection">Whether the consumers have a connection of their own.</param>
    protected void StartRaw(bool consumerConnection)
    {
        _rig = new ClusterRig();
        _rig.StartRawAsync(consumers: 2, consumerConnection).GetAwaiter().GetResult();
    }

    /// <summary>Starts the cluster path.</summary>
    /// <param name="nodes">The worker nodes.</param>
    /// <param name="handler">The handler they run.</param>
    /// <param name="workersPerNode">Each node's pool size.</param>
    protected void StartCluster(int nodes, string handler, int workersPerNode)
    {
        _rig = new ClusterRig();
        _rig.StartClusterAsync(nodes, handler, workersPerNode).GetAwaiter().GetResult();
    }

    /// <summary>One operation of the raw loop.</summary>
    /// <returns>A task that completes when every message was acknowledged.</returns>
    protected Task RawRoundAsync() => _rig!.RawRoundAsync(_data, Messages);

    /// <summary>One operation of the cluster path.</summary>
    /// <returns>A task that completes when every chunk's result arrived.</returns>
    protected Task ClusterRoundAsync() => _rig!.ClusterRoundAsync(_data, Messages);

    private static byte[] RandomChunk()
    {
        var data = new byte[32 * 1024];
        new Random(7).NextBytes(data);
        return data;
    }
}

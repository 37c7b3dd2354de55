using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// What the cluster throughput classes share: one <see cref="ClusterRig"/> per benchmark process, started by the
/// benchmark's set-up, and rounds of 2,000 messages of 32 KiB.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet calls [GlobalCleanup], which disposes the rig.")]
public abstract class ClusterThroughputBase
{
    /// <summary>The messages of one operation.</summary>
    protected const int Messages = 2000;

    private readonly byte[] _data = new byte[32 * 1024];
    private ClusterRig? _rig;

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
        new Random(7).NextBytes(_data);
    }

    /// <summary>Starts the cluster path.</summary>
    /// <param name="nodes">The worker nodes.</param>
    /// <param name="handler">The handler they run.</param>
    /// <param name="workersPerNode">Each node's pool size.</param>
    protected void StartCluster(int nodes, string handler, int workersPerNode)
    {
        _rig = new ClusterRig();
        _rig.StartClusterAsync(nodes, handler, workersPerNode).GetAwaiter().GetResult();
        new Random(7).NextBytes(_data);
    }

    /// <summary>One operation of the raw loop.</summary>
    /// <returns>A task that completes when every message was acknowledged.</returns>
    protected Task RawRoundAsync() => _rig!.RawRoundAsync(_data, Messages);

    /// <summary>One operation of the cluster path.</summary>
    /// <returns>A task that completes when every chunk's result arrived.</returns>
    protected Task ClusterRoundAsync() => _rig!.ClusterRoundAsync(_data, Messages);
}

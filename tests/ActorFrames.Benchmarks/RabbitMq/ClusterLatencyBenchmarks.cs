using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// The latency of one 32 KiB chunk at 100 chunks/s: each operation dispatches one chunk and waits for its result
/// (cluster) or publishes one message with a confirm and waits for a consumer to ack it (raw); operations start
/// 10 ms apart. Goal: cluster P99 under 10 ms.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet calls [GlobalCleanup], which disposes the rig.")]
[Config(typeof(LatencyConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 50, iterationCount: 500, invocationCount: 1)]
public class ClusterLatencyBenchmarks
{
    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(10);
    private readonly byte[] _data = new byte[32 * 1024];
    private ClusterRig? _rig;
    private long _next;

    [GlobalSetup(Target = nameof(RawRoundTrip))]
    public void SetupRaw()
    {
        _rig = new ClusterRig();
        _rig.StartRawAsync(consumers: 1).GetAwaiter().GetResult();
        new Random(7).NextBytes(_data);
    }

    [GlobalSetup(Target = nameof(ClusterRoundTrip))]
    public void SetupCluster()
    {
        _rig = new ClusterRig();
        _rig.StartClusterAsync(nodes: 1).GetAwaiter().GetResult();
        new Random(7).NextBytes(_data);
    }

    [GlobalCleanup]
    public void Cleanup() => _rig?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Holds the pace: the next operation starts 10 ms after the previous one started (100 per second).</summary>
    [IterationSetup]
    public void Pace()
    {
        var now = TimeProvider.System.GetTimestamp();
        if (_next > now)
        {
            var wait = TimeProvider.System.GetElapsedTime(now, _next);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                Thread.Sleep(wait - TimeSpan.FromMilliseconds(1));
            }

            SpinWait.SpinUntil(() => TimeProvider.System.GetTimestamp() >= _next);
        }

        _next = TimeProvider.System.GetTimestamp() + (long)(s_period.TotalSeconds * TimeProvider.System.TimestampFrequency);
    }

    [Benchmark(Baseline = true)]
    public Task RawRoundTrip() => _rig!.RawRoundAsync(_data, 1);

    [Benchmark]
    public Task ClusterRoundTrip() => _rig!.ClusterRoundAsync(_data, 1);

    private sealed class LatencyConfig : ManualConfig
    {
        public LatencyConfig()
        {
            AddColumn(new PercentileColumn(50), new PercentileColumn(95), new PercentileColumn(99));
        }
    }
}

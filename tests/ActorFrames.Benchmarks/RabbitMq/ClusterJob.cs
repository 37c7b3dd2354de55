using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// The job of the cluster throughput benchmarks: 3 warm-up and 15 measured rounds of 2,000 messages, in each of 3
/// processes per benchmark, each process with a private broker of its own. A fresh broker's queue is a lottery on two
/// cores: the raw loop on one connection and on two, which do nearly the same work, swap places by up to 15 % from one
/// broker to the next in the interleaved run, so one process per benchmark lets that lottery decide a 10 % comparison;
/// three average it out. Both the raw loop and the cluster mode run with a larger shared array pool (256 arrays per
/// core and size instead of 32): RabbitMQ.Client rents every delivery's body from it, a consumer holds up to its
/// prefetch of them, and the default pool then allocates a fresh 32 KiB array for most messages, which makes every
/// figure a GC lottery. The worker node deployment files set the same variable. The summary adds
/// <see cref="ThroughputColumn"/>, the goal's measure.
/// </summary>
internal sealed class ClusterJob : ManualConfig
{
    public const string PoolVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    public ClusterJob()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(3)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithEnvironmentVariable(PoolVariable, "256"));
        AddColumn(new ThroughputColumn());
    }
}

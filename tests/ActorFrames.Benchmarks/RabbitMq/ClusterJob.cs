using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// The job of the cluster throughput benchmarks: 3 warm-up and 15 measured rounds of 2,000 messages, one process per
/// benchmark. Both the raw loop and the cluster mode run with a larger shared array pool (256 arrays per core and
/// size instead of 32): RabbitMQ.Client rents every delivery's body from it, a consumer holds up to its prefetch of
/// them, and the default pool then allocates a fresh 32 KiB array for most messages, which makes every figure a GC
/// lottery. The worker node deployment files set the same variable.
/// </summary>
internal sealed class ClusterJob : ManualConfig
{
    public const string PoolVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    public ClusterJob()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithEnvironmentVariable(PoolVariable, "256"));
    }
}

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// The job of the cluster throughput benchmarks: 4 rounds (jobs Round1 to Round4) of every benchmark, run by
/// <see cref="RoundsOrderer"/> forward and backward in turn, each benchmark in each round in a process of its own with a
/// private broker of its own, 3 warm-up and 15 measured iterations of 2,000 messages.
/// </summary>
/// <remarks>
/// <para>
/// Why rounds: on a small shared machine the same loop runs a third faster or slower from one minute to the next, and
/// a fresh broker's queue is a lottery too (the raw loop on one connection and on two, which do nearly the same work,
/// swap places by up to 15 % from one broker to the next). With one process per benchmark, one after the other, that
/// drift decides a 10 % comparison. Four rounds in alternating order put every benchmark at the same mean place in
/// time, on four brokers; <see cref="ThroughputColumn"/> pools them into the goal's measure.
/// </para>
/// <para>
/// Both the raw loop and the cluster mode run with a larger shared array pool (256 arrays per core and size instead of
/// 32): RabbitMQ.Client rents every delivery's body from it, a consumer holds up to its prefetch of them, and the
/// default pool then allocates a fresh 32 KiB array for most messages, which makes every figure a GC lottery. The
/// worker node deployment files set the same variable.
/// </para>
/// </remarks>
internal sealed class ClusterJob : ManualConfig
{
    public const string PoolVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>The rounds of every benchmark.</summary>
    public const int Rounds = 4;

    public ClusterJob()
    {
        for (var round = 1; round <= Rounds; round++)
        {
            AddJob(Job.Default
                .WithId($"Round{round}")
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithEnvironmentVariable(PoolVariable, "256"));
        }

        AddColumn(new ThroughputColumn());
        Orderer = new RoundsOrderer();
    }
}

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// The job of the cluster throughput benchmarks: rounds (jobs Round1, Round2, …) of every benchmark, run by
/// <see cref="RoundsOrderer"/> forward and backward in turn, each benchmark in each round in a process of its own with a
/// private broker of its own, 25 warm-up and 15 measured iterations of 2,000 messages. The goal's class runs 8 rounds of
/// its two benchmarks; the variants run 2.
/// </summary>
/// <remarks>
/// <para>
/// Why rounds: on a small shared machine the same loop runs a third faster or slower from one minute to the next, and
/// a fresh broker's queue is a lottery too (the raw loop on one connection and on two, which do nearly the same work,
/// swap places by up to 15 % from one broker to the next). With one process per benchmark, one after the other, that
/// drift decides a 10 % comparison. Rounds in alternating order put every benchmark at the same mean place in time, on
/// a broker each; <see cref="ThroughputColumn"/> pools them into the goal's measure. The goal's class holds only the two
/// benchmarks it compares, so that every pair of them runs within a minute, and runs 8 rounds: each process's mean
/// still strays by some 5 % after the warm-up, and 8 of them on each side bring the pooled ratio's standard error to
/// about 2.5 %.
/// </para>
/// <para>
/// Both the raw loop and the cluster mode run with a larger shared array pool (256 arrays per core and size instead of
/// 32): RabbitMQ.Client rents every delivery's body from it, a consumer holds up to its prefetch of them, and the
/// default pool then allocates a fresh 32 KiB array for most messages, which makes every figure a GC lottery. The
/// worker node deployment files set the same variable.
/// </para>
/// </remarks>
internal class ClusterJob : ManualConfig
{
    public const string PoolVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>
    /// The warm-up iterations: until the JIT has compiled the whole path at its final tier. On two cores that the broker
    /// keeps busy, that takes some 18 rounds of 2,000 messages (4 to 5 seconds) for both paths, and until then the
    /// cluster path, with more code on it (an origin, a worker node, the results), runs further from its steady state:
    /// measured round by round in one pair of processes, 41 % slower against the raw loop's 26 %. With 3 warm-up rounds,
    /// as before, the 15 measured rounds were nearly all warm-up and the comparison read 83 to 89 % instead of 95 %.
    /// </summary>
    public const int WarmupIterations = 25;

    /// <summary>The rounds of the goal's benchmarks.</summary>
    public const int Rounds = 8;

    public ClusterJob()
        : this(Rounds)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClusterJob"/> class.</summary>
    /// <param name="rounds">The rounds of every benchmark.</param>
    protected ClusterJob(int rounds)
    {
        for (var round = 1; round <= rounds; round++)
        {
            AddJob(Job.Default
                .WithId($"Round{round}")
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(WarmupIterations)
                .WithIterationCount(15)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithEnvironmentVariable(PoolVariable, "256"));
        }

        AddColumn(new ThroughputColumn());
        Orderer = new RoundsOrderer();
    }
}

/// <summary>The job of the variant benchmarks: the same rounds, 2 of them (they are context for the goal, not its measure).</summary>
internal sealed class ClusterVariantsJob : ClusterJob
{
    public ClusterVariantsJob()
        : base(2)
    {
    }
}

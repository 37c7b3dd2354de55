using ActorFrames.Actors;
using ActorFrames.Actors.Routing;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Actors;

/// <summary>Tell through a pool router with 4 counting routees; Mean is ns per message.</summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private const int Messages = 400_000;
    private const int Routees = 4;
    private static readonly KeyedMessage[] s_keyed = CreateKeyed();

    private ActorSystem _system = null!;
    private IActorRef _router = null!;
    private BenchmarkSignal _done = null!;

    [Params("RoundRobin", "ConsistentHash")]
    public string Logic { get; set; } = "RoundRobin";

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("router");
        _done = new BenchmarkSignal();
        var config = Logic == "RoundRobin" ? RouterConfig.RoundRobin(Routees) : RouterConfig.ConsistentHash(Routees);
        var done = _done;
        _router = _system.Spawn(Props.Create(() => new SignalActor(done)).WithRouter(config), "router");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.ShutdownAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Messages)]
    public void Route()
    {
        _done.Reset(Messages);
        var router = _router;
        var keyed = s_keyed;
        for (int i = 0; i < Messages; i++)
        {
            router.Tell(keyed[i & 1023]);
        }

        _done.Wait("The routees");
    }

    private static KeyedMessage[] CreateKeyed()
    {
        var messages = new KeyedMessage[1024];
        for (int i = 0; i < messages.Length; i++)
        {
            messages[i] = new KeyedMessage("key-" + i);
        }

        return messages;
    }

    private sealed record KeyedMessage(string Key) : IConsistentHashable
    {
        public object ConsistentHashKey => Key;
    }

    private sealed class SignalActor(BenchmarkSignal done) : IActor
    {
        public ValueTask ReceiveAsync(IActorContext context)
        {
            done.Signal();
            return ValueTask.CompletedTask;
        }
    }
}

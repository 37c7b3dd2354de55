using ActorFrames.Actors;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Actors;

/// <summary>One-way Tell from the benchmark thread to one counting actor; Mean is ns per message.</summary>
[MemoryDiagnoser]
public class TellBenchmarks
{
    private const int Messages = 1_000_000;
    private static readonly object s_message = new();

    private ActorSystem _system = null!;
    private IActorRef _sink = null!;
    private BenchmarkSignal _done = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("tell");
        _done = new BenchmarkSignal();
        _sink = _system.Spawn(Props.Create(() => new CountingActor(Messages, _done)), "sink");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.ShutdownAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Messages)]
    public void Tell()
    {
        _done.Reset(1);
        var sink = _sink;
        for (int i = 0; i < Messages; i++)
        {
            sink.Tell(s_message);
        }

        _done.Wait("The sink");
    }

    internal sealed class CountingActor(int expected, BenchmarkSignal done) : IActor
    {
        private int _count;

        public ValueTask ReceiveAsync(IActorContext context)
        {
            if (++_count == expected)
            {
                _count = 0;
                done.Signal();
            }

            return ValueTask.CompletedTask;
        }
    }
}

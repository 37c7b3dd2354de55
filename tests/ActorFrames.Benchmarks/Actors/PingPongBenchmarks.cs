using ActorFrames.Actors;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Actors;

/// <summary>
/// The shape of Akka.NET's PingPong benchmark: each client sends a burst of up to 1000 messages to its
/// destination, which echoes each back; the client answers every echo until it has sent
/// <see cref="RoundTrips"/> messages. Every message (both directions) counts: Mean is ns per message.
/// </summary>
[MemoryDiagnoser]
public class PingPongBenchmarks
{
    private const int RoundTrips = 500_000;

    private ActorSystem _system = null!;
    private IActorRef[] _clients = [];
    private BenchmarkSignal _done = null!;

    [Params(2)]
    public int Pairs { get; set; }

    [Params(30)]
    public int Throughput { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("pingpong", new ActorSystemOptions { DefaultThroughput = Throughput });
        _done = new BenchmarkSignal();
        _clients = new IActorRef[Pairs];
        for (int i = 0; i < Pairs; i++)
        {
            var destination = _system.Spawn(Props.Create(static () => new DestinationActor()), $"destination-{i}");
            _clients[i] = _system.Spawn(Props.Create(() => new ClientActor(destination, RoundTrips, _done)), $"client-{i}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _system.ShutdownAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = RoundTrips * 2 * 2)]
    public void PingPong()
    {
        _done.Reset(Pairs);
        foreach (var client in _clients)
        {
            client.Tell(ClientActor.Run.Instance);
        }

        _done.Wait("PingPong");
    }

    private sealed class DestinationActor : IActor
    {
        public ValueTask ReceiveAsync(IActorContext context)
        {
            context.Sender.Tell(context.Message, context.Self);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ClientActor(IActorRef destination, long repeat, BenchmarkSignal done) : IActor
    {
        private static readonly object s_message = new();
        private long _sent;
        private long _received;

        public ValueTask ReceiveAsync(IActorContext context)
        {
            if (ReferenceEquals(context.Message, s_message))
            {
                _received++;
                if (_sent < repeat)
                {
                    destination.Tell(s_message, context.Self);
                    _sent++;
                }
                else if (_received >= repeat)
                {
                    done.Signal();
                }
            }
            else
            {
                _sent = 0;
                _received = 0;
                var self = context.Self;
                long burst = Math.Min(1000, repeat);
                for (long i = 0; i < burst; i++)
                {
                    destination.Tell(s_message, self);
                    _sent++;
                }
            }

            return ValueTask.CompletedTask;
        }

        public sealed record Run
        {
            public static Run Instance { get; } = new();
        }
    }
}

using ActorFrames.Actors;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Actors;

/// <summary>Ask round trip to an echo actor: one request, one reply, awaited.</summary>
[MemoryDiagnoser]
public class AskBenchmarks
{
    private static readonly object s_request = "ping";

    private ActorSystem _system = null!;
    private IActorRef _echo = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("ask");
        _echo = _system.Spawn(Props.Create(static () => new EchoActor()), "echo");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.ShutdownAsync().GetAwaiter().GetResult();

    [Benchmark]
    public Task<string> Ask() => _echo.AskAsync<string>(s_request, TimeSpan.FromSeconds(10));

    private sealed class EchoActor : IActor
    {
        public ValueTask ReceiveAsync(IActorContext context)
        {
            context.Respond(context.Message);
            return ValueTask.CompletedTask;
        }
    }
}

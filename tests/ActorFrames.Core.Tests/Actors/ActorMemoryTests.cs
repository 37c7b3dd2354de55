using ActorFrames.Actors;

namespace ActorFrames.Tests.Actors;

/// <summary>Measures retained memory, so it runs alone: parallel tests would add their own objects to the heap.</summary>
[Collection(MemoryCollection.Name)]
public sealed class ActorMemoryTests
{
    [Fact]
    public async Task IdleActor_RetainsAtMostOneKilobyte()
    {
        const int Count = 20_000;
        await using var system = ActorSystem.Create("memory");
        using var handled = new CountdownEvent(Count);
        var props = Props.Create(() => new SignalingActor(handled));
        long before = GC.GetTotalMemory(forceFullCollection: true);

        var actors = new IActorRef[Count];
        for (int i = 0; i < Count; i++)
        {
            actors[i] = system.Spawn(props);
            actors[i].Tell(i);
        }

        Assert.True(handled.Wait(TimeSpan.FromSeconds(20)), $"Expected {Count} actors to handle one message each; {handled.CurrentCount} did not.");
        long after = GC.GetTotalMemory(forceFullCollection: true);
        double perActor = (after - before) / (double)Count;

        Assert.True(perActor <= 1024, $"Expected an idle actor to retain at most 1 KB, measured {perActor:F0} bytes.");
        GC.KeepAlive(actors);
        await system.ShutdownAndAssertEmptyAsync();
    }

    /// <summary>Signals once per message; all instances share one countdown.</summary>
    private sealed class SignalingActor(CountdownEvent handled) : IActor
    {
        public ValueTask ReceiveAsync(IActorContext context)
        {
            handled.Signal();
            return ValueTask.CompletedTask;
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory measurements";
}

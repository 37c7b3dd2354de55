using ActorFrames.Actors;
using ActorFrames.TestKit;

namespace ActorFrames.Tests.Actors;

public sealed class ActorSystemTests
{
    private sealed class IdleActor : IActor
    {
        public ValueTask ReceiveAsync(IActorContext context) => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Spawn_DuplicateName_ThrowsNamingParentAndName()
    {
        await using var system = ActorSystem.Create("names");
        system.Spawn(EchoActor.Props, "worker");

        var ex = Assert.Throws<ArgumentException>(() => system.Spawn(EchoActor.Props, "worker"));

        Assert.Contains("'worker'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("actorframes://names/user", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, system.ActorCount);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$reserved")]
    public async Task Spawn_InvalidName_Throws(string name)
    {
        await using var system = ActorSystem.Create("badnames");

        Assert.Throws<ArgumentException>(() => system.Spawn(EchoActor.Props, name));

        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Spawn_NameOfStoppedActor_CanBeReused()
    {
        await using var system = ActorSystem.Create("reuse");
        var probe = new TestProbe(system);
        var first = probe.Watch(system.Spawn(EchoActor.Props, "a"));
        system.Stop(first);
        await probe.ExpectTerminatedAsync(first);

        var second = system.Spawn(EchoActor.Props, "a");

        Assert.NotSame(first, second);
        Assert.Equal(first.Path, second.Path);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task ShutdownAsync_StopsChildrenBeforeParents()
    {
        await using var system = ActorSystem.Create("order");
        var probe = new TestProbe(system);
        var parent = system.Spawn(Props.Create(() => new LifecycleActor(probe, "parent")), "parent");
        var child = await parent.AskAsync<IActorRef>(Props.Create(() => new LifecycleActor(probe, "child")), TimeSpan.FromSeconds(5));
        await child.AskAsync<IActorRef>(Props.Create(() => new LifecycleActor(probe, "grandchild")), TimeSpan.FromSeconds(5));
        Assert.Equal(["parent:PreStart", "child:PreStart", "grandchild:PreStart"], await probe.ReceiveMessagesAsync(3));

        await system.ShutdownAsync();

        Assert.Equal(["grandchild:PostStop", "child:PostStop", "parent:PostStop"], await probe.ReceiveMessagesAsync(3));
        Assert.Equal(0, system.ActorCount);
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        Assert.Throws<InvalidOperationException>(() => system.Spawn(EchoActor.Props));
    }

    [Fact]
    public async Task ShutdownAsync_ActorNeverFinishesPostStop_TimesOutNamingIt()
    {
        var never = new TaskCompletionSource();
        await using var system = ActorSystem.Create("stuck", new ActorSystemOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(200) });
        system.Spawn(Props.Create(() => new StuckActor(never.Task)), "stuck");

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => system.ShutdownAsync());

        Assert.Contains("actorframes://stuck/user/stuck", ex.Message, StringComparison.Ordinal);
        never.SetResult();
        await system.ShutdownAndAssertEmptyAsync();
    }

    private sealed class StuckActor(Task postStop) : IActor
    {
        public ValueTask ReceiveAsync(IActorContext context) => ValueTask.CompletedTask;

        public ValueTask PostStopAsync(IActorContext context) => new(postStop);
    }

    [Fact]
    public async Task Spawn_HundredThousandActors_CreatedAndStopped()
    {
        const int Count = 100_000;
        await using var system = ActorSystem.Create("many");
        var props = Props.Create(static () => new IdleActor());
        var actors = new IActorRef[Count];
        for (int i = 0; i < Count; i++)
        {
            actors[i] = system.Spawn(props);
        }

        Assert.Equal(Count, system.ActorCount);
        foreach (var actor in actors)
        {
            system.Stop(actor);
        }

        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task DisposeAsync_ShutsDown()
    {
        var system = ActorSystem.Create("dispose");
        system.Spawn(EchoActor.Props);

        await system.DisposeAsync();

        Assert.Equal(0, system.ActorCount);
    }

    [Fact]
    public async Task Parent_StopsItself_ChildrenStopFirst()
    {
        await using var system = ActorSystem.Create("stopself");
        var probe = new TestProbe(system);
        var parent = system.Spawn(Props.Create(() => new LifecycleActor(probe, "p")), "p");
        await parent.AskAsync<IActorRef>(Props.Create(() => new LifecycleActor(probe, "c")), TimeSpan.FromSeconds(5));
        await probe.ReceiveMessagesAsync(2);
        probe.Watch(parent);

        parent.Tell(PoisonPill.Instance);

        Assert.Equal(["c:PostStop", "p:PostStop"], await probe.ReceiveMessagesAsync(2));
        await probe.ExpectTerminatedAsync(parent);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task ShutdownAsync_WhileSpawning_StopsEveryActor()
    {
        await using var system = ActorSystem.Create("race");
        int spawned = 0;
        var spawner = Task.Run(() =>
        {
            try
            {
                while (true)
                {
                    system.Spawn(EchoActor.Props);
                    spawned++;
                }
            }
            catch (InvalidOperationException)
            {
                // The system started shutting down: spawning is refused from then on.
            }
        });
        while (Volatile.Read(ref spawned) < 100)
        {
            await Task.Yield();
        }

        await system.ShutdownAsync();
        await spawner.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, system.ActorCount);
    }
}

using ActorFrames.Actors;
using ActorFrames.TestKit;

namespace ActorFrames.Tests.Actors;

public sealed class DeathWatchTests
{
    private sealed record WatchIt(IActorRef Target);

    private sealed record UnwatchIt(IActorRef Target);

    /// <summary>Watches on command and forwards every <see cref="Terminated"/> to the probe.</summary>
    private static Props Watcher(TestProbe probe) => FuncActor.Props(context =>
    {
        switch (context.Message)
        {
            case WatchIt watch:
                context.Watch(watch.Target);
                context.Watch(watch.Target);
                probe.Tell("watching");
                break;
            case UnwatchIt unwatch:
                context.Unwatch(unwatch.Target);
                probe.Tell("unwatched");
                break;
            case Terminated terminated:
                probe.Tell(terminated);
                break;
        }
    });

    [Fact]
    public async Task Watch_ActorStops_TerminatedDeliveredExactlyOnce()
    {
        await using var system = ActorSystem.Create("watch");
        var probe = new TestProbe(system);
        var target = system.Spawn(EchoActor.Props, "target");
        var watcher = system.Spawn(Watcher(probe), "watcher");
        watcher.Tell(new WatchIt(target));
        await probe.ExpectMsgEqualAsync("watching");

        system.Stop(target);

        var terminated = await probe.ExpectMsgAsync<Terminated>();
        Assert.Same(target, terminated.Actor);
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Watch_AlreadyStoppedActor_TerminatedDeliveredOnce()
    {
        await using var system = ActorSystem.Create("watchdead");
        var probe = new TestProbe(system);
        var target = system.Spawn(EchoActor.Props, "target");
        probe.Watch(target);
        system.Stop(target);
        await probe.ExpectTerminatedAsync(target);
        var watcher = system.Spawn(Watcher(probe), "watcher");

        watcher.Tell(new WatchIt(target));

        await probe.ExpectMsgEqualAsync("watching");
        Assert.Same(target, (await probe.ExpectMsgAsync<Terminated>()).Actor);
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Unwatch_BeforeStop_NoTerminated()
    {
        await using var system = ActorSystem.Create("unwatch");
        var probe = new TestProbe(system);
        var target = system.Spawn(EchoActor.Props, "target");
        var watcher = system.Spawn(Watcher(probe), "watcher");
        watcher.Tell(new WatchIt(target));
        await probe.ExpectMsgEqualAsync("watching");
        watcher.Tell(new UnwatchIt(target));
        await probe.ExpectMsgEqualAsync("unwatched");
        var guard = new TestProbe(system);
        guard.Watch(target);

        system.Stop(target);

        await guard.ExpectTerminatedAsync(target);
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Watch_ManyWatchersRacingStop_EachGetsExactlyOne()
    {
        await using var system = ActorSystem.Create("watchrace");
        var probe = new TestProbe(system);
        for (int round = 0; round < 20; round++)
        {
            var target = system.Spawn(EchoActor.Props);
            var watchers = Enumerable.Range(0, 10).Select(_ => system.Spawn(Watcher(probe))).ToArray();
            foreach (var watcher in watchers)
            {
                watcher.Tell(new WatchIt(target));
            }

            system.Stop(target);
            var messages = await probe.ReceiveMessagesAsync(20);
            Assert.Equal(10, messages.Count(m => m is Terminated t && t.Actor == target));
            foreach (var watcher in watchers)
            {
                system.Stop(watcher);
            }
        }

        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await system.ShutdownAndAssertEmptyAsync();
    }
}

using ActorFrames.Actors;
using ActorFrames.TestKit;

namespace ActorFrames.Tests.Actors;

public sealed class SupervisionTests
{
    /// <summary>Counts "inc", answers "get", throws exceptions it is sent.</summary>
    private sealed class CounterActor(IActorRef? probe = null, string name = "c") : IActor
    {
        private int _count;

        public ValueTask PreStartAsync(IActorContext context)
        {
            probe?.Tell($"{name}:start");
            return ValueTask.CompletedTask;
        }

        public ValueTask ReceiveAsync(IActorContext context)
        {
            switch (context.Message)
            {
                case "inc":
                    _count++;
                    break;
                case "get":
                    context.Respond(_count);
                    break;
                case Exception ex:
                    throw ex;
            }

            return ValueTask.CompletedTask;
        }
    }

    private static async Task<(ActorSystem System, TestProbe Probe, IActorRef Parent)> CreateAsync(SupervisorStrategy strategy, TimeProvider? time = null)
    {
        var system = ActorSystem.Create("sup", new ActorSystemOptions { TimeProvider = time ?? TimeProvider.System });
        var probe = new TestProbe(system);
        var parent = system.Spawn(Props.Create(() => new LifecycleActor(probe, "p")).WithSupervisorStrategy(strategy), "parent");
        await probe.ExpectMsgEqualAsync("p:PreStart");
        return (system, probe, parent);
    }

    /// <summary>Has the parent spawn a child and report it to a probe (no Ask: its timeout would be a timer on a manual clock).</summary>
    private static async Task<IActorRef> SpawnChildAsync(IActorRef parent, Props props)
    {
        var system = ((ActorFrames.Actors.LocalActorRef)parent).Cell.System;
        var replies = new TestProbe(system, "spawn");
        parent.Tell(props, replies);
        return await replies.ExpectMsgAsync<IActorRef>();
    }

    [Fact]
    public async Task Resume_KeepsStateAndDropsFailedMessage()
    {
        var (system, probe, parent) = await CreateAsync(SupervisorStrategy.OneForOne(_ => Directive.Resume));
        await using var _ = system;
        var child = await SpawnChildAsync(parent, Props.Create(() => new CounterActor()));

        child.Tell("inc");
        child.Tell(new InvalidOperationException("boom"));
        child.Tell("inc");

        Assert.Equal(2, await child.AskAsync<int>("get", TimeSpan.FromSeconds(5)));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Restart_ResetsStateAndRunsHooksWithFailedMessage()
    {
        var (system, probe, parent) = await CreateAsync(SupervisorStrategy.OneForOne(_ => Directive.Restart));
        await using var _ = system;
        var child = await SpawnChildAsync(parent, Props.Create(() => new LifecycleActor(probe, "c")));
        await probe.ExpectMsgEqualAsync("c:PreStart");

        child.Tell(new InvalidOperationException("boom"));
        child.Tell("after");

        Assert.StartsWith("c:PreRestart:boom:System.InvalidOperationException", await probe.ExpectMsgAsync<string>(), StringComparison.Ordinal);
        await probe.ExpectMsgEqualAsync("c:PostRestart:boom");
        await probe.ExpectMsgEqualAsync("c:after");
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Restart_CounterState_IsFresh()
    {
        var (system, _, parent) = await CreateAsync(SupervisorStrategy.OneForOne(_ => Directive.Restart));
        await using var __ = system;
        var child = await SpawnChildAsync(parent, Props.Create(() => new CounterActor()));
        child.Tell("inc");
        child.Tell("inc");

        child.Tell(new InvalidOperationException("boom"));
        child.Tell("inc");

        Assert.Equal(1, await child.AskAsync<int>("get", TimeSpan.FromSeconds(5)));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Stop_ChildStopsAndWatcherSeesTerminated()
    {
        var (system, probe, parent) = await CreateAsync(SupervisorStrategy.OneForOne(_ => Directive.Stop));
        await using var _ = system;
        var child = await SpawnChildAsync(parent, Props.Create(() => new LifecycleActor(probe, "c")));
        await probe.ExpectMsgEqualAsync("c:PreStart");
        probe.Watch(child);

        child.Tell(new InvalidOperationException("boom"));

        await probe.ExpectMsgEqualAsync("c:PostStop");
        await probe.ExpectTerminatedAsync(child);
        Assert.Equal(1, system.ActorCount);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Escalate_ParentRestartedByItsSupervisor_ChildStopped()
    {
        var (system, probe, parent) = await CreateAsync(SupervisorStrategy.OneForOne(_ => Directive.Escalate));
        await using var _ = system;
        var child = await SpawnChildAsync(parent, Props.Create(() => new LifecycleActor(probe, "c")));
        await probe.ExpectMsgEqualAsync("c:PreStart");

        child.Tell(new InvalidOperationException("deep"));

        // The guardian's default strategy restarts the parent; a restart stops the parent's children first.
        Assert.Equal("p:PreRestart:deep:-", await probe.ExpectMsgAsync<string>());
        await probe.ExpectMsgEqualAsync("c:PostStop");
        await probe.ExpectMsgEqualAsync("p:PostRestart:deep");
        Assert.Equal(1, system.ActorCount);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task AllForOne_Restart_RestartsEverySibling()
    {
        var (system, probe, parent) = await CreateAsync(SupervisorStrategy.AllForOne(_ => Directive.Restart));
        await using var _ = system;
        var a = await parent.AskAsync<IActorRef>(Props.Create(() => new CounterActor(probe, "a")), TimeSpan.FromSeconds(5));
        await probe.ExpectMsgEqualAsync("a:start");
        var second = await SpawnSiblingAsync(parent, probe, "b");
        a.Tell("inc");
        second.Tell("inc");
        Assert.Equal(1, await a.AskAsync<int>("get", TimeSpan.FromSeconds(5)));
        Assert.Equal(1, await second.AskAsync<int>("get", TimeSpan.FromSeconds(5)));

        a.Tell(new InvalidOperationException("one"));

        var starts = await probe.ReceiveMessagesAsync(2);
        Assert.Equal(["a:start", "b:start"], starts.Cast<string>().Order());
        Assert.Equal(0, await a.AskAsync<int>("get", TimeSpan.FromSeconds(5)));
        Assert.Equal(0, await second.AskAsync<int>("get", TimeSpan.FromSeconds(5)));
        await system.ShutdownAndAssertEmptyAsync();
    }

    private static async Task<IActorRef> SpawnSiblingAsync(IActorRef parent, TestProbe probe, string name)
    {
        var sibling = await parent.AskAsync<IActorRef>((Props.Create(() => new CounterActor(probe, name)), name), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await probe.ExpectMsgEqualAsync($"{name}:start");
        return sibling;
    }

    [Fact]
    public async Task Restart_MoreThanMaxRetriesInWindow_Stops()
    {
        var time = new ManualTimeProvider();
        var (system, probe, parent) = await CreateAsync(SupervisorStrategy.OneForOne(_ => Directive.Restart, maxRetries: 2, window: TimeSpan.FromMinutes(1)), time);
        await using var _ = system;
        var child = await SpawnChildAsync(parent, Props.Create(() => new CounterActor(probe, "c")));
        await probe.ExpectMsgEqualAsync("c:start");
        probe.Watch(child);

        child.Tell(new InvalidOperationException("1"));
        await probe.ExpectMsgEqualAsync("c:start");
        child.Tell(new InvalidOperationException("2"));
        await probe.ExpectMsgEqualAsync("c:start");
        child.Tell(new InvalidOperationException("3"));

        await probe.ExpectTerminatedAsync(child);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Restart_AfterWindowPasses_CountStartsAgain()
    {
        var time = new ManualTimeProvider();
        var (system, probe, parent) = await CreateAsync(SupervisorStrategy.OneForOne(_ => Directive.Restart, maxRetries: 1, window: TimeSpan.FromSeconds(10)), time);
        await using var _ = system;
        var child = await SpawnChildAsync(parent, Props.Create(() => new CounterActor(probe, "c")));
        await probe.ExpectMsgEqualAsync("c:start");

        child.Tell(new InvalidOperationException("1"));
        await probe.ExpectMsgEqualAsync("c:start");
        time.Advance(TimeSpan.FromSeconds(11));
        child.Tell(new InvalidOperationException("2"));

        await probe.ExpectMsgEqualAsync("c:start");
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Restart_WithBackoff_WaitsExponentialDelaysOnManualClock()
    {
        var time = new ManualTimeProvider();
        var strategy = SupervisorStrategy.OneForOne(_ => Directive.Restart, maxRetries: -1)
            .WithBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), jitter: 0);
        var (system, probe, parent) = await CreateAsync(strategy, time);
        await using var _ = system;
        var child = await SpawnChildAsync(parent, Props.Create(() => new CounterActor(probe, "c")));
        await probe.ExpectMsgEqualAsync("c:start");

        foreach (var expected in new[] { 1.0, 2.0, 3.0, 3.0 })
        {
            child.Tell(new InvalidOperationException("again"));
            await time.WaitForPendingTimersAsync(1, TimeSpan.FromSeconds(5));
            var quiet = probe.ExpectNoMsgAsync(TimeSpan.FromSeconds(expected - 0.001));
            time.Advance(TimeSpan.FromSeconds(expected - 0.001));
            await quiet;
            time.Advance(TimeSpan.FromMilliseconds(1));
            await probe.ExpectMsgEqualAsync("c:start");
        }

        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public void ComputeBackoff_WithJitter_IsSeededBoundedAndReplayable()
    {
        var strategy = SupervisorStrategy.Default.WithBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: 0.5, seed: 7);
        var again = SupervisorStrategy.Default.WithBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: 0.5, seed: 7);
        var other = SupervisorStrategy.Default.WithBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: 0.5, seed: 8);

        for (int n = 1; n <= 6; n++)
        {
            var delay = strategy.ComputeBackoff(n, "worker");
            double baseSeconds = Math.Min(30, Math.Pow(2, n - 1));
            Assert.InRange(delay.TotalSeconds, baseSeconds, Math.Min(30, baseSeconds * 1.5));
            Assert.Equal(delay, again.ComputeBackoff(n, "worker"));
        }

        Assert.NotEqual(
            Enumerable.Range(1, 4).Select(n => strategy.ComputeBackoff(n, "worker")),
            Enumerable.Range(1, 4).Select(n => other.ComputeBackoff(n, "worker")));
    }

    [Fact]
    public async Task Factory_Throws_ActorStopsWithoutRetry()
    {
        await using var system = ActorSystem.Create("badctor");
        var probe = new TestProbe(system);
        int attempts = 0;
        var actor = system.Spawn(Props.Create<CounterActor>(() =>
        {
            attempts++;
            throw new InvalidOperationException("cannot build");
        }));

        probe.Watch(actor);

        await probe.ExpectTerminatedAsync(actor);
        Assert.Equal(1, attempts);
        Assert.Equal(0, system.ActorCount);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task PreStart_Throws_ActorStops()
    {
        await using var system = ActorSystem.Create("badstart");
        var probe = new TestProbe(system);
        var actor = system.Spawn(FuncActor.Props(_ => { }).WithRouter(null));
        var failing = system.Spawn(Props.Create(() => new FailingStartActor()));

        probe.Watch(failing);

        await probe.ExpectTerminatedAsync(failing);
        system.Stop(actor);
        await system.ShutdownAndAssertEmptyAsync();
    }

    private sealed class FailingStartActor : IActor
    {
        public async ValueTask PreStartAsync(IActorContext context)
        {
            await Task.Yield();
            throw new InvalidOperationException("no start");
        }

        public ValueTask ReceiveAsync(IActorContext context) => ValueTask.CompletedTask;
    }
}

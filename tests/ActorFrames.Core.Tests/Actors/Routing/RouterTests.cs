using ActorFrames.Actors;
using ActorFrames.Actors.Routing;
using ActorFrames.TestKit;

namespace ActorFrames.Tests.Actors.Routing;

public sealed class RouterTests
{
    private sealed record Keyed(string Key) : IConsistentHashable
    {
        public object ConsistentHashKey => Key;
    }

    /// <summary>Routees report (their path, the message) to the probe.</summary>
    private static Props Reporter(TestProbe probe) => FuncActor.Props(context => probe.Tell((context.Self.Path, context.Message)));

    private static async Task<Dictionary<string, List<object>>> CollectAsync(TestProbe probe, int count)
    {
        var byRoutee = new Dictionary<string, List<object>>();
        foreach (var item in await probe.ReceiveMessagesAsync(count))
        {
            var (path, message) = ((string, object))item;
            if (!byRoutee.TryGetValue(path, out var list))
            {
                byRoutee[path] = list = [];
            }

            list.Add(message);
        }

        return byRoutee;
    }

    [Fact]
    public async Task RoundRobin_SpreadsEvenly()
    {
        await using var system = ActorSystem.Create("rr");
        var probe = new TestProbe(system);
        var router = system.Spawn(Reporter(probe).WithRouter(RouterConfig.RoundRobin(4)), "router");

        for (int i = 0; i < 400; i++)
        {
            router.Tell(i);
        }

        var byRoutee = await CollectAsync(probe, 400);
        Assert.Equal(4, byRoutee.Count);
        Assert.All(byRoutee.Values, list => Assert.Equal(100, list.Count));
        Assert.Equal(5, system.ActorCount);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Random_SeededSpread_IsReplayableAndCoversAll()
    {
        async Task<List<string>> RunAsync()
        {
            await using var system = ActorSystem.Create("random");
            var probe = new TestProbe(system);
            var router = system.Spawn(Reporter(probe).WithRouter(RouterConfig.Random(3, seed: 42)), "router");
            for (int i = 0; i < 300; i++)
            {
                router.Tell(i);
            }

            var order = (await probe.ReceiveMessagesAsync(300)).Cast<(string Path, object Message)>().OrderBy(x => (int)x.Message).Select(x => x.Path).ToList();
            await system.ShutdownAndAssertEmptyAsync();
            return order;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.All(first.GroupBy(p => p), g => Assert.InRange(g.Count(), 60, 140));
    }

    [Fact]
    public async Task SmallestMailbox_AvoidsBusyRoutee()
    {
        await using var system = ActorSystem.Create("smallest");
        var probe = new TestProbe(system);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var router = system.Spawn(
            FuncActor.Props(async context =>
            {
                if (context.Message is "block")
                {
                    probe.Tell(("blocked", context.Self.Path));
                    await gate.Task;
                }
                else
                {
                    probe.Tell((context.Self.Path, context.Message));
                }
            }).WithRouter(RouterConfig.SmallestMailbox(2)),
            "router");
        router.Tell("block");
        var (_, blockedPath) = await probe.ExpectMsgAsync<(string, string)>();
        var routees = (await router.AskAsync<RouteesResponse>(RouteesRequest.Instance, TimeSpan.FromSeconds(5))).Routees;
        var blocked = (LocalActorRef)routees.Single(r => r.Path == blockedPath);
        Assert.True(SpinWait.SpinUntil(() => blocked.Cell.IsAwaiting, TimeSpan.FromSeconds(5)), "Expected the blocked routee to be inside its async handler.");

        try
        {
            for (int i = 0; i < 10; i++)
            {
                router.Tell(i);
            }

            var delivered = await CollectAsync(probe, 10);
            Assert.False(delivered.ContainsKey(blockedPath), "Expected no message to go to the routee that was busy.");
        }
        finally
        {
            gate.SetResult();
        }

        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task ConsistentHash_SameKeySameRoutee_ResizeMovesFewKeys()
    {
        await using var system = ActorSystem.Create("hash");
        var probe = new TestProbe(system);
        var router = system.Spawn(Reporter(probe).WithRouter(RouterConfig.ConsistentHash(4)), "router");
        var keys = Enumerable.Range(0, 400).Select(i => $"stream-{i}").ToArray();

        foreach (var key in keys.Concat(keys))
        {
            router.Tell(new Keyed(key));
        }

        var before = OwnerByKey(await probe.ReceiveMessagesAsync(800));
        Assert.All(before.Values, owners => Assert.Single(owners.Distinct()));
        Assert.All(before.Values.Select(o => o[0]).GroupBy(p => p), g => Assert.InRange(g.Count(), 40, 200));

        router.Tell(new Resize(5));
        Assert.Equal(5, (await router.AskAsync<RouteesResponse>(RouteesRequest.Instance, TimeSpan.FromSeconds(5))).Routees.Length);
        foreach (var key in keys)
        {
            router.Tell(new Keyed(key));
        }

        var after = OwnerByKey(await probe.ReceiveMessagesAsync(400));
        int moved = keys.Count(k => before[k][0] != after[k][0]);
        Assert.InRange(moved, 1, 160);
        await system.ShutdownAndAssertEmptyAsync();

        static Dictionary<string, List<string>> OwnerByKey(IReadOnlyList<object> items)
        {
            var owners = new Dictionary<string, List<string>>();
            foreach (var (path, message) in items.Cast<(string, object)>())
            {
                string key = ((Keyed)message).Key;
                if (!owners.TryGetValue(key, out var list))
                {
                    owners[key] = list = [];
                }

                list.Add(path);
            }

            return owners;
        }
    }

    [Fact]
    public async Task ConsistentHash_KeyExtractorAndMissingKey()
    {
        await using var system = ActorSystem.Create("hashkey");
        using var deadLetters = new DeadLetterProbe(system);
        var probe = new TestProbe(system);
        var router = system.Spawn(Reporter(probe).WithRouter(RouterConfig.ConsistentHash(3, m => m is int i ? i % 7 : null, virtualNodesFactor: 50)));

        router.Tell(3);
        router.Tell(10);
        router.Tell("no key");

        var first = await probe.ExpectMsgAsync<(string Path, object Message)>();
        var second = await probe.ExpectMsgAsync<(string Path, object Message)>();
        Assert.Equal(first.Path, second.Path);
        var letter = await deadLetters.ExpectDeadLetterAsync<string>();
        Assert.Equal(DeadLetterReason.NoRecipient, letter.Reason);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Broadcast_EveryRouteeGetsEveryMessage()
    {
        await using var system = ActorSystem.Create("broadcast");
        var probe = new TestProbe(system);
        var router = system.Spawn(Reporter(probe).WithRouter(RouterConfig.Broadcast(3)));

        router.Tell("a");
        router.Tell("b");

        var byRoutee = await CollectAsync(probe, 6);
        Assert.Equal(3, byRoutee.Count);
        Assert.All(byRoutee.Values, list => Assert.Equal(["a", "b"], list));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Resize_ShrinkStopsRoutees_AllStoppedStopsRouter()
    {
        await using var system = ActorSystem.Create("resize");
        var probe = new TestProbe(system);
        var router = system.Spawn(Reporter(probe).WithRouter(RouterConfig.RoundRobin(3)), "router");
        Assert.Equal(4, system.ActorCount);

        router.Tell(new Resize(1));
        var routees = (await router.AskAsync<RouteesResponse>(RouteesRequest.Instance, TimeSpan.FromSeconds(5))).Routees;
        Assert.Single(routees);
        probe.Watch(router);
        system.Stop(routees[0]);

        await probe.ExpectTerminatedAsync(router);
        Assert.Equal(0, system.ActorCount);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Routees_FailingRouteeRestartedByRouterStrategy()
    {
        await using var system = ActorSystem.Create("routeesup");
        var probe = new TestProbe(system);
        var props = FuncActor.Props(context =>
        {
            if (context.Message is "boom")
            {
                throw new InvalidOperationException("routee failed");
            }

            probe.Tell(context.Message);
        }).WithSupervisorStrategy(SupervisorStrategy.OneForOne(_ => Directive.Resume)).WithRouter(RouterConfig.RoundRobin(1));
        var router = system.Spawn(props);

        router.Tell("boom");
        router.Tell("still here");

        await probe.ExpectMsgEqualAsync("still here");
        await system.ShutdownAndAssertEmptyAsync();
    }
}

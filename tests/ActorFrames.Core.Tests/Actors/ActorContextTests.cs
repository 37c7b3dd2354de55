using ActorFrames.Actors;
using ActorFrames.TestKit;

namespace ActorFrames.Tests.Actors;

public sealed class ActorContextTests
{
    [Fact]
    public async Task Stash_UntilOpen_ThenUnstashAllInOrder()
    {
        await using var system = ActorSystem.Create("stash");
        var probe = new TestProbe(system);
        bool open = false;
        var actor = system.Spawn(FuncActor.Props(context =>
        {
            if (context.Message is "open")
            {
                open = true;
                context.UnstashAll();
            }
            else if (!open)
            {
                context.Stash();
            }
            else
            {
                probe.Tell(context.Message);
            }
        }));

        actor.Tell(1);
        actor.Tell(2);
        actor.Tell("open");
        actor.Tell(3);

        Assert.Equal([1, 2, 3], await probe.ReceiveMessagesAsync(3));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Stash_ActorStops_StashedBecomeDeadLetters()
    {
        await using var system = ActorSystem.Create("stashdead");
        using var deadLetters = new DeadLetterProbe(system);
        var actor = system.Spawn(FuncActor.Props(context =>
        {
            if (context.Message is "stop")
            {
                context.Stop(context.Self);
            }
            else
            {
                context.Stash();
            }
        }));

        actor.Tell("kept");
        actor.Tell("stop");

        var letter = await deadLetters.ExpectDeadLetterAsync<string>(s => s == "kept");
        Assert.Equal(DeadLetterReason.RecipientStopped, letter.Reason);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Become_Unbecome_SwitchesBehaviors()
    {
        await using var system = ActorSystem.Create("become");
        var probe = new TestProbe(system);
        var actor = system.Spawn(FuncActor.Props(context =>
        {
            if (context.Message is "angry")
            {
                context.BecomeStacked(angry =>
                {
                    if (angry.Message is "calm")
                    {
                        angry.Unbecome();
                    }
                    else
                    {
                        probe.Tell($"grr {angry.Message}");
                    }

                    return ValueTask.CompletedTask;
                });
            }
            else
            {
                probe.Tell($"hi {context.Message}");
            }
        }));

        actor.Tell("a");
        actor.Tell("angry");
        actor.Tell("b");
        actor.Tell("calm");
        actor.Tell("c");

        Assert.Equal(["hi a", "grr b", "hi c"], await probe.ReceiveMessagesAsync(3));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Scheduler_TellOnceAndRepeatedly_FollowManualClock()
    {
        var time = new ManualTimeProvider();
        await using var system = ActorSystem.Create("sched", new ActorSystemOptions { TimeProvider = time });
        var probe = new TestProbe(system);
        ScheduledTell? repeating = null;
        var actor = system.Spawn(FuncActor.Props(context =>
        {
            if (context.Message is "start")
            {
                context.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(5), probe, "once");
                repeating = context.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), probe, "tick");
                probe.Tell("scheduled");
            }
        }));
        actor.Tell("start");
        await probe.ExpectMsgEqualAsync("scheduled");

        time.Advance(TimeSpan.FromSeconds(5));

        // At 5 s both are due; the once was scheduled before the third tick was rescheduled, so it fires first.
        Assert.Equal(["tick", "tick", "once", "tick"], await probe.ReceiveMessagesAsync(4));
        repeating!.Cancel();
        Assert.True(repeating.IsCanceled);
        var quiet = probe.ExpectNoMsgAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(10));
        await quiet;
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Scheduler_ActorStops_ItsTimersAreCanceled()
    {
        var time = new ManualTimeProvider();
        await using var system = ActorSystem.Create("schedstop", new ActorSystemOptions { TimeProvider = time });
        var probe = new TestProbe(system);
        var actor = system.Spawn(FuncActor.Props(context =>
        {
            context.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), probe, "tick");
            probe.Tell("scheduled");
        }));
        actor.Tell("start");
        await probe.ExpectMsgEqualAsync("scheduled");
        probe.Watch(actor);

        system.Stop(actor);
        await probe.ExpectTerminatedAsync(actor);

        Assert.Equal(0, time.PendingTimerCount);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Context_ChildrenParentSenderAndRespond()
    {
        await using var system = ActorSystem.Create("ctx");
        var probe = new TestProbe(system);
        var parent = system.Spawn(FuncActor.Props(context =>
        {
            switch (context.Message)
            {
                case "spawn":
                    var child = context.Spawn(EchoActor.Props, "kid");
                    context.Spawn(EchoActor.Props);
                    context.Respond(child);
                    break;
                case "children":
                    context.Respond(context.Children.Count);
                    break;
                case "lookup":
                    context.Respond(context.GetChild("kid")?.Path ?? "none");
                    break;
                case "duplicate":
                    try
                    {
                        context.Spawn(EchoActor.Props, "kid");
                    }
                    catch (ArgumentException ex)
                    {
                        context.Respond(ex.Message);
                    }

                    break;
                case "no-sender":
                    probe.Tell(context.Sender == context.System.DeadLetters);
                    break;
            }
        }), "parent");

        var kid = await parent.AskAsync<IActorRef>("spawn", TimeSpan.FromSeconds(5));
        Assert.Equal("actorframes://ctx/user/parent/kid", kid.Path);
        Assert.Equal(2, await parent.AskAsync<int>("children", TimeSpan.FromSeconds(5)));
        Assert.Equal(kid.Path, await parent.AskAsync<string>("lookup", TimeSpan.FromSeconds(5)));
        Assert.Contains("already exists", await parent.AskAsync<string>("duplicate", TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        parent.Tell("no-sender");
        Assert.True(await probe.ExpectMsgAsync<bool>());
        Assert.Equal(3, system.ActorCount);
        await system.ShutdownAndAssertEmptyAsync();
    }
}

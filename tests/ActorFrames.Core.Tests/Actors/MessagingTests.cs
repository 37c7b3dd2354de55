using ActorFrames.Actors;
using ActorFrames.TestKit;

namespace ActorFrames.Tests.Actors;

public sealed class MessagingTests
{
    private sealed record Numbered(int Sender, int Sequence);

    [Fact]
    public async Task Tell_EightConcurrentSenders_PreservesPerSenderOrder()
    {
        const int Senders = 8;
        const int PerSender = 50_000;
        await using var system = ActorSystem.Create("ordering");
        var lastSeen = new int[Senders];
        Array.Fill(lastSeen, -1);
        int violations = 0;
        int received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = system.Spawn(FuncActor.Props(context =>
        {
            var message = (Numbered)context.Message;
            if (message.Sequence != lastSeen[message.Sender] + 1)
            {
                violations++;
            }

            lastSeen[message.Sender] = message.Sequence;
            if (++received == Senders * PerSender)
            {
                done.SetResult();
            }
        }));

        // Dedicated threads: eight senders blocked on a barrier must not starve the thread pool the actors run on.
        using var start = new Barrier(Senders);
        var senders = Enumerable.Range(0, Senders).Select(s => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int i = 0; i < PerSender; i++)
                {
                    receiver.Tell(new Numbered(s, i));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(senders);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, violations);
        Assert.All(lastSeen, last => Assert.Equal(PerSender - 1, last));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Tell_OneMillionMessagesThroughThousandActors_NoneLost()
    {
        const int Actors = 1_000;
        const int PerActor = 1_000;
        await using var system = ActorSystem.Create("million");
        long total = 0;
        int finished = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actors = new IActorRef[Actors];
        for (int a = 0; a < Actors; a++)
        {
            int count = 0;
            actors[a] = system.Spawn(FuncActor.Props(context =>
            {
                Interlocked.Add(ref total, (int)context.Message);
                if (++count == PerActor && Interlocked.Increment(ref finished) == Actors)
                {
                    done.SetResult();
                }
            }));
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(part => Task.Run(() =>
        {
            for (int i = part; i < Actors * PerActor; i += 4)
            {
                actors[i % Actors].Tell(1);
            }
        })));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Actors * PerActor, Interlocked.Read(ref total));
        Assert.Equal(0, system.DeadLetters.Count);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task ReceiveAsync_AsyncHandler_CompletesBeforeNextMessageStarts()
    {
        await using var system = ActorSystem.Create("async");
        var probe = new TestProbe(system);
        var gates = new Dictionary<int, TaskCompletionSource>
        {
            [1] = new(TaskCreationOptions.RunContinuationsAsynchronously),
            [2] = new(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        int running = 0;
        var actor = system.Spawn(FuncActor.Props(async context =>
        {
            int n = (int)context.Message;
            if (Interlocked.Increment(ref running) != 1)
            {
                probe.Tell("overlap");
            }

            probe.Tell($"start {n}");
            await gates[n].Task;
            probe.Tell($"end {n}");
            Interlocked.Decrement(ref running);
        }));

        actor.Tell(1);
        actor.Tell(2);
        await probe.ExpectMsgEqualAsync("start 1");
        gates[2].SetResult();
        var early = probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await early;
        gates[1].SetResult();

        Assert.Equal(["end 1", "start 2", "end 2"], await probe.ReceiveMessagesAsync(3));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task ReceiveAsync_AsyncHandlerThrows_GoesToSupervisor()
    {
        var decided = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var strategy = SupervisorStrategy.OneForOne(ex =>
        {
            decided.TrySetResult(ex);
            return Directive.Resume;
        });
        await using var system = ActorSystem.Create("asyncfail", new ActorSystemOptions { DefaultSupervisorStrategy = strategy });
        var probe = new TestProbe(system);
        var actor = system.Spawn(FuncActor.Props(async context =>
        {
            await Task.Yield();
            if (context.Message is "boom")
            {
                throw new InvalidOperationException("async boom");
            }

            context.Respond(context.Message);
        }));

        actor.Tell("boom", probe);
        actor.Tell("after", probe);

        var failure = await decided.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("async boom", failure.Message);
        await probe.ExpectMsgEqualAsync("after");
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task AskAsync_NoReply_TimesOutNamingTargetAndMessageType()
    {
        var time = new ManualTimeProvider();
        await using var system = ActorSystem.Create("ask", new ActorSystemOptions { TimeProvider = time });
        var silent = system.Spawn(FuncActor.Props(_ => { }), "silent");

        var ask = silent.AskAsync<string>(new Numbered(1, 2), TimeSpan.FromSeconds(3));
        time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(ask.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => ask);
        Assert.Contains("actorframes://ask/user/silent", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Numbered), ex.Message, StringComparison.Ordinal);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task AskAsync_Canceled_ThrowsOperationCanceled()
    {
        await using var system = ActorSystem.Create("askcancel");
        var silent = system.Spawn(FuncActor.Props(_ => { }));
        using var cts = new CancellationTokenSource();

        var ask = silent.AskAsync<string>("hi", TimeSpan.FromMinutes(1), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task AskAsync_WrongReplyType_ThrowsInvalidCast()
    {
        await using var system = ActorSystem.Create("askcast");
        var echo = system.Spawn(EchoActor.Props);

        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => echo.AskAsync<int>("text", TimeSpan.FromSeconds(5)));

        Assert.Contains("System.String", ex.Message, StringComparison.Ordinal);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Tell_ToStoppedActor_BecomesDeadLetter()
    {
        await using var system = ActorSystem.Create("dead");
        using var deadLetters = new DeadLetterProbe(system);
        var probe = new TestProbe(system);
        var actor = system.Spawn(EchoActor.Props, "gone");
        probe.Watch(actor);
        system.Stop(actor);
        await probe.ExpectTerminatedAsync(actor);

        actor.Tell("late", probe);

        var letter = await deadLetters.ExpectDeadLetterAsync<string>(s => s == "late");
        Assert.Equal(DeadLetterReason.RecipientStopped, letter.Reason);
        Assert.Same(actor, letter.Recipient);
        Assert.True(system.DeadLetters.Count >= 1);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Throughput_OneBusyActor_DoesNotStarveAnother()
    {
        await using var system = ActorSystem.Create("fair", new ActorSystemOptions { DefaultThroughput = 5 });
        var probe = new TestProbe(system);
        int handled = 0;
        var busy = system.Spawn(FuncActor.Props(context =>
        {
            handled++;
            context.Self.Tell("again");
        }));
        var other = system.Spawn(EchoActor.Props);

        busy.Tell("go");
        other.Tell("reply", probe);

        await probe.ExpectMsgEqualAsync("reply");
        system.Stop(busy);
        await system.ShutdownAndAssertEmptyAsync();
        Assert.True(handled > 0);
    }
}

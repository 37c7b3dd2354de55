using ActorFrames.Actors;
using ActorFrames.TestKit;

namespace ActorFrames.Tests.Actors;

public sealed class MailboxTests
{
    /// <summary>A system with an actor blocked in message 0 whose bounded mailbox can then be filled.</summary>
    private sealed class Blocked : IAsyncDisposable
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Blocked(OverflowPolicy policy, int capacity = 3)
        {
            System = ActorSystem.Create("bounded");
            Probe = new TestProbe(System);
            var gate = _gate;
            var probe = Probe;
            Actor = System.Spawn(
                FuncActor.Props(async context =>
                {
                    if (context.Message is 0)
                    {
                        probe.Tell("blocked");
                        await gate.Task;
                    }
                    else
                    {
                        probe.Tell(context.Message);
                    }
                }).WithMailbox(MailboxOptions.Bounded(capacity, policy)),
                "bounded");
        }

        public ActorSystem System { get; }

        public TestProbe Probe { get; }

        public IActorRef Actor { get; }

        public async Task BlockAsync()
        {
            Actor.Tell(0);
            await Probe.ExpectMsgEqualAsync("blocked");
        }

        public void Release() => _gate.TrySetResult();

        public async ValueTask DisposeAsync()
        {
            Release();
            await System.ShutdownAndAssertEmptyAsync();
        }
    }

    [Fact]
    public async Task Bounded_DropNewest_DropsArrivalsAndCountsThem()
    {
        await using var box = new Blocked(OverflowPolicy.DropNewest);
        using var deadLetters = new DeadLetterProbe(box.System);
        await box.BlockAsync();

        for (int i = 1; i <= 5; i++)
        {
            box.Actor.Tell(i);
        }

        Assert.Equal(4, (int)(await deadLetters.ExpectDeadLetterAsync<int>()).Message);
        Assert.Equal(5, (int)(await deadLetters.ExpectDeadLetterAsync<int>()).Message);
        Assert.Equal(new MailboxStatistics(3, 2, 0, 0), box.System.GetMailboxStatistics(box.Actor));
        box.Release();
        Assert.Equal([1, 2, 3], await box.Probe.ReceiveMessagesAsync(3));
    }

    [Fact]
    public async Task Bounded_DropOldest_EvictsOldestAndCountsThem()
    {
        await using var box = new Blocked(OverflowPolicy.DropOldest);
        using var deadLetters = new DeadLetterProbe(box.System);
        await box.BlockAsync();

        for (int i = 1; i <= 5; i++)
        {
            box.Actor.Tell(i);
        }

        var first = await deadLetters.ExpectDeadLetterAsync<int>();
        Assert.Equal(1, first.Message);
        Assert.Equal(DeadLetterReason.Dropped, first.Reason);
        Assert.Equal(2, (await deadLetters.ExpectDeadLetterAsync<int>()).Message);
        Assert.Equal(2, box.System.GetMailboxStatistics(box.Actor).DroppedMessages);
        box.Release();
        Assert.Equal([3, 4, 5], await box.Probe.ReceiveMessagesAsync(3));
    }

    [Fact]
    public async Task Bounded_Fail_ThrowsMailboxFullAndCountsRejection()
    {
        await using var box = new Blocked(OverflowPolicy.Fail);
        await box.BlockAsync();
        for (int i = 1; i <= 3; i++)
        {
            box.Actor.Tell(i);
        }

        var ex = Assert.Throws<MailboxFullException>(() => box.Actor.Tell(4));

        Assert.Contains("actorframes://bounded/user/bounded", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, box.System.GetMailboxStatistics(box.Actor).RejectedMessages);
        box.Release();
        Assert.Equal([1, 2, 3], await box.Probe.ReceiveMessagesAsync(3));
        await box.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Bounded_Backpressure_SendAsyncWaitsAndTellDefersInOrder()
    {
        await using var box = new Blocked(OverflowPolicy.Backpressure, capacity: 2);
        await box.BlockAsync();
        await box.Actor.SendAsync(1);
        await box.Actor.SendAsync(2);

        var waiting = box.Actor.SendAsync(3).AsTask();
        box.Actor.Tell(4);

        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, box.System.GetMailboxStatistics(box.Actor).DeferredMessages);
        box.Release();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1, 2, 3, 4], await box.Probe.ReceiveMessagesAsync(4));
        Assert.Equal(0, box.System.DeadLetters.Count);
    }

    [Fact]
    public async Task Bounded_BackpressureCanceled_MessageNotDelivered()
    {
        await using var box = new Blocked(OverflowPolicy.Backpressure, capacity: 1);
        await box.BlockAsync();
        await box.Actor.SendAsync(1);
        using var cts = new CancellationTokenSource();

        var waiting = box.Actor.SendAsync(2, null, cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        box.Release();
        Assert.Equal(1, await box.Probe.ExpectMsgAsync<int>());
        await box.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task SystemMessages_OvertakeQueuedUserMessages()
    {
        await using var box = new Blocked(OverflowPolicy.Backpressure, capacity: 100);
        using var deadLetters = new DeadLetterProbe(box.System);
        await box.BlockAsync();
        for (int i = 1; i <= 5; i++)
        {
            box.Actor.Tell(i);
        }

        box.Probe.Watch(box.Actor);
        box.System.Stop(box.Actor);
        box.Release();

        await box.Probe.ExpectTerminatedAsync(box.Actor);
        for (int i = 1; i <= 5; i++)
        {
            Assert.Equal(i, (await deadLetters.ExpectDeadLetterAsync<int>()).Message);
        }
    }

    [Fact]
    public void MailboxOptions_Bounded_RejectsBadCapacity()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MailboxOptions.Bounded(0, OverflowPolicy.DropNewest));
    }

    [Fact]
    public async Task MpscQueue_ConcurrentProducers_FifoPerProducerAcrossSegments()
    {
        const int Producers = 4;
        const int PerProducer = 100_000;
        var queue = new MpscQueue<long>(2);
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (long i = 0; i < PerProducer; i++)
            {
                queue.Enqueue((p * 1_000_000L) + i);
            }
        })).ToArray();

        var next = new long[Producers];
        int taken = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (taken < Producers * PerProducer)
        {
            Assert.False(cts.IsCancellationRequested, $"Expected {Producers * PerProducer} items, got {taken}.");
            if (!queue.TryDequeue(out long item))
            {
                Thread.Yield();
                continue;
            }

            int producer = (int)(item / 1_000_000);
            Assert.Equal(next[producer], item % 1_000_000);
            next[producer]++;
            taken++;
        }

        await Task.WhenAll(producers);
        Assert.False(queue.TryDequeue(out _));
        Assert.False(queue.HasClaims());
    }
}

using System.Runtime.CompilerServices;
using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Mux;
using ActorFrames.Pipelines;
using ActorFrames.TestKit;
using ActorFrames.Tests.Actors;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorFrames.Tests.Mux.Supervisor;

public sealed class MuxSupervisorActorTests
{
    private static readonly TimeSpan s_tick = TimeSpan.FromTicks(1);
    private static readonly int[] s_failingStream = [0];

    [Fact]
    public async Task FailingSource_ThrowsOnItsThirdItem_RestartsAfterEachBackoffThenIsPrunedWhileKStreamsStayActive()
    {
        var time = new ManualTimeProvider();
        var t0 = time.GetUtcNow();
        await using var system = SupervisorStreams.CreateSystem(time);
        var events = new TestProbe(system, "events");
        var consumer = new TestProbe(system, "consumer");
        var opened = new StrongBox<int>();
        var options = new MuxSupervisorOptions
        {
            Mux = new StochasticMuxOptions { ActiveCount = 2, Rate = null, Mode = StochasticMuxMode.SingleActive, Weights = [4, 1, 1, 1], Seed = 11 },
            MaxRestarts = 2,
            RestartWindow = TimeSpan.FromMinutes(1),
            BackoffMin = TimeSpan.FromMilliseconds(100),
            BackoffMax = TimeSpan.FromSeconds(1),
            BackoffJitter = 0.2,
        };
        Streamer<Frame<byte>>[] streams =
            [SupervisorStreams.ThrowsOnThird(0, opened), SupervisorStreams.Idle(1), SupervisorStreams.Idle(2), SupervisorStreams.Idle(3)];
        var policy = new MuxRestartPolicy(options, streams.Length, seed: 11, time);

        var mux = system.Spawn(MuxSupervisorActor<byte>.CreateProps(streams, options, [consumer], [events], NullLoggerFactory.Instance), "mux");

        var initial = new[] { await events.ExpectMsgAsync<StreamActivated>(), await events.ExpectMsgAsync<StreamActivated>() };
        var failing = Assert.Single(initial, a => a.Stream == 0);
        int slot = failing.Slot;
        var elapsed = TimeSpan.Zero;
        for (int failure = 1; ; failure++)
        {
            var failed = await events.ExpectMsgAsync<StreamRetired>();
            Assert.Equal((0, slot, MuxRetireReason.Failed, 2L), (failed.Stream, failed.Slot, failed.Reason, failed.Items));
            Assert.Equal("stream 0 broke on its 3rd item", failed.Error?.Message);
            Assert.Equal(t0 + elapsed, failed.Timestamp);
            if (failure == 3)
            {
                var pruned = await events.ExpectMsgAsync<StreamPruned>();
                Assert.Equal((0, 3), (pruned.Stream, pruned.Failures));
                Assert.Contains("failed 3 times", pruned.Reason, StringComparison.Ordinal);
                Assert.Contains("stream 0 broke on its 3rd item", pruned.Reason, StringComparison.Ordinal);
                Assert.IsType<InvalidOperationException>(pruned.Error);
            }

            // The slot is refilled at once by another stream: k stay active while the failing one waits.
            var standIn = await events.ExpectMsgAsync<StreamActivated>();
            Assert.NotEqual(0, standIn.Stream);
            Assert.Equal(slot, standIn.Slot);
            var status = await StatusAsync(mux);
            Assert.Equal(2, status.ActiveCount);
            Assert.DoesNotContain(0, status.SlotStreams);
            if (failure == 3)
            {
                Assert.Equal(s_failingStream, status.Pruned);
                Assert.Empty(status.BackingOff);
                break;
            }

            Assert.Equal(s_failingStream, status.BackingOff);
            var delay = policy.ComputeDelay(0, failure);
            var nominal = TimeSpan.FromMilliseconds(100 * (1 << (failure - 1)));
            Assert.InRange(delay, nominal, nominal * 1.2);

            // Not a tick early...
            time.Advance(delay - s_tick);
            status = await StatusAsync(mux);
            Assert.Equal(2, status.ActiveCount);
            Assert.DoesNotContain(0, status.SlotStreams);
            Assert.Equal(s_failingStream, status.BackingOff);

            // ...but right on time: the stand-in gives the slot back and the stream is opened afresh.
            time.Advance(s_tick);
            elapsed += delay;
            var preempted = await events.ExpectMsgAsync<StreamRetired>();
            Assert.Equal((standIn.Stream, slot, MuxRetireReason.Preempted), (preempted.Stream, preempted.Slot, preempted.Reason));
            var reopened = await events.ExpectMsgAsync<StreamActivated>();
            Assert.Equal((0, slot, (long?)null), (reopened.Stream, reopened.Slot, reopened.Budget));
            var restarted = await events.ExpectMsgAsync<StreamRestarted>();
            Assert.Equal((0, slot, reopened.Activation, failure, delay), (restarted.Stream, restarted.Slot, restarted.Activation, restarted.Attempt, restarted.Delay));
            Assert.Equal(t0 + elapsed, restarted.Timestamp);
        }

        Assert.Equal(3, opened.Value);
        var quiet = events.ExpectNoMsgAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));
        await quiet;
        var final = await StatusAsync(mux);
        Assert.Equal(2, final.ActiveCount);
        Assert.Equal(3, opened.Value);

        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Exhaustive_FiveStreamsOfSevenFrames_ConsumerGetsEveryFrameOnceAsOneRestampedStreamThenTheEnd()
    {
        var time = new ManualTimeProvider();
        await using var system = SupervisorStreams.CreateSystem(time);
        var consumer = new TestProbe(system, "consumer");
        var watcher = new TestProbe(system, "watcher");
        var log = new EventLog();
        var options = new MuxSupervisorOptions
        {
            SourceId = "merged",
            Mux = new StochasticMuxOptions { ActiveCount = 2, Rate = null, Mode = StochasticMuxMode.Exhaustive, Seed = 7 },
            FramesInFlight = 2,
        };
        var streams = Enumerable.Range(0, 5).Select(i => SupervisorStreams.Finite(i, 7, yieldEach: i % 2 == 0));

        var mux = system.Spawn(MuxSupervisorActor<byte>.CreateProps(streams, options, [consumer], [log], NullLoggerFactory.Instance), "mux");
        watcher.Watch(mux);

        var texts = new List<string>();
        for (long sequence = 0; sequence < 35; sequence++)
        {
            var frame = await consumer.ExpectMsgAsync<Frame<byte>>();
            Assert.Equal((new SourceId("merged"), sequence), (frame.Source, frame.Sequence));
            texts.Add(SupervisorStreams.Text(frame));
            frame.Release();
        }

        await consumer.ExpectMsgAsync<EndOfStream>();
        await watcher.ExpectTerminatedAsync(mux);
        Assert.Equal(Enumerable.Range(0, 5).SelectMany(i => SupervisorStreams.Texts(i, 7)).Order(), texts.Order());
        for (int stream = 0; stream < 5; stream++)
        {
            char letter = (char)('a' + stream);
            Assert.Equal(SupervisorStreams.Texts(stream, 7), texts.Where(t => t[0] == letter));
        }

        Assert.Equal(5, log.OfType<StreamActivated>().Count());
        Assert.All(log.OfType<StreamRetired>(), r => Assert.Equal((MuxRetireReason.Exhausted, 7L), (r.Reason, r.Items)));
        var completed = Assert.IsType<MuxCompleted>(log.Messages[^1]);
        Assert.Equal((35L, 5L), (completed.Frames, completed.Activations));
        await EventLog.WaitForNoActorsAsync(system);
    }

    [Fact]
    public async Task Budgets_PoissonRateFour_NoActivationExceedsItsBudgetAndRetirementsCarryTheCounts()
    {
        var time = new ManualTimeProvider();
        await using var system = SupervisorStreams.CreateSystem(time);
        var consumer = new TestProbe(system, "consumer");
        var log = new EventLog();
        var options = new MuxSupervisorOptions
        {
            Mux = new StochasticMuxOptions { ActiveCount = 3, Rate = 4, Distribution = BudgetDistribution.Poisson, Mode = StochasticMuxMode.Exhaustive, Seed = 5 },
        };
        var streams = Enumerable.Range(0, 12).Select(i => SupervisorStreams.Finite(i, 40, yieldEach: i % 3 == 0));

        system.Spawn(MuxSupervisorActor<byte>.CreateProps(streams, options, [consumer], [log], NullLoggerFactory.Instance), "mux");

        var perStream = new int[12];
        while (await consumer.ExpectMsgAsync<object>() is Frame<byte> frame)
        {
            perStream[frame.Span[0] - 'a']++;
            frame.Release();
        }

        var activations = log.OfType<StreamActivated>().ToDictionary(a => a.Activation);
        var retirements = log.OfType<StreamRetired>().ToList();
        Assert.Equal(12, activations.Count);
        Assert.Equal(12, retirements.Count);
        foreach (var retired in retirements)
        {
            var activated = activations[retired.Activation];
            Assert.Equal(activated.Stream, retired.Stream);
            Assert.True(activated.Budget is >= 1, $"Expected a budget of at least 1, got {activated.Budget}.");
            Assert.True(retired.Items <= activated.Budget, $"Activation {retired.Activation} yielded {retired.Items} frames, over its budget of {activated.Budget}.");
            Assert.Equal(retired.Items == activated.Budget ? MuxRetireReason.BudgetSpent : MuxRetireReason.Exhausted, retired.Reason);
            Assert.Equal(retired.Items, perStream[retired.Stream]);
        }

        Assert.Contains(retirements, r => r.Items > 1);
        Assert.Equal(perStream.Sum(), Assert.IsType<MuxCompleted>(log.Messages[^1]).Frames);
    }

    [Fact]
    public async Task Exhaustive_FailingStream_RestartsInAFreeSlotAfterItsBackoffThenIsPrunedAndTheMuxEnds()
    {
        var time = new ManualTimeProvider();
        var t0 = time.GetUtcNow();
        await using var system = SupervisorStreams.CreateSystem(time);
        var consumer = new TestProbe(system, "consumer");
        var log = new EventLog();
        var options = new MuxSupervisorOptions
        {
            Mux = new StochasticMuxOptions { ActiveCount = 2, Rate = null, Mode = StochasticMuxMode.Exhaustive, Weights = [8, 1, 1, 1], Seed = 3 },
            MaxRestarts = 1,
            BackoffMin = TimeSpan.FromSeconds(1),
            BackoffMax = TimeSpan.FromSeconds(10),
            BackoffJitter = 0,
        };
        Streamer<Frame<byte>>[] streams =
            [SupervisorStreams.ThrowsOnThird(0), SupervisorStreams.Finite(1, 5), SupervisorStreams.Finite(2, 5, yieldEach: true), SupervisorStreams.Finite(3, 5)];

        system.Spawn(MuxSupervisorActor<byte>.CreateProps(streams, options, [consumer], [log], NullLoggerFactory.Instance), "mux");
        await time.WaitForPendingTimersAsync(1, SupervisorStreams.Timeout);
        time.Advance(TimeSpan.FromSeconds(1));

        var texts = new List<string>();
        while (await consumer.ExpectMsgAsync<object>() is Frame<byte> frame)
        {
            texts.Add(SupervisorStreams.Text(frame));
            frame.Release();
        }

        string[] expected = [.. SupervisorStreams.Texts(1, 5), .. SupervisorStreams.Texts(2, 5), .. SupervisorStreams.Texts(3, 5), "a0", "a1", "a0", "a1"];
        Assert.Equal(expected.Order(), texts.Order());
        var restarted = Assert.Single(log.OfType<StreamRestarted>());
        Assert.Equal((0, 1, TimeSpan.FromSeconds(1), t0 + TimeSpan.FromSeconds(1)), (restarted.Stream, restarted.Attempt, restarted.Delay, restarted.Timestamp));
        var pruned = Assert.Single(log.OfType<StreamPruned>());
        Assert.Equal((0, 2), (pruned.Stream, pruned.Failures));
        Assert.DoesNotContain(log.OfType<StreamRetired>(), r => r.Reason == MuxRetireReason.Preempted);
        Assert.Equal(2, log.OfType<StreamRetired>().Count(r => r.Reason == MuxRetireReason.Failed));
        Assert.IsType<MuxCompleted>(log.Messages[^1]);
        await EventLog.WaitForNoActorsAsync(system);
    }

    [Fact]
    public async Task FrameFormat_StreamWithAnotherChannelCount_IsTreatedAsAFailureOfThatStream()
    {
        var time = new ManualTimeProvider();
        await using var system = SupervisorStreams.CreateSystem(time);
        var consumer = new TestProbe(system, "consumer");
        var log = new EventLog();
        var options = new MuxSupervisorOptions
        {
            Mux = new StochasticMuxOptions { ActiveCount = 1, Rate = null, Mode = StochasticMuxMode.Exhaustive, Seed = 1 },
            MaxRestarts = 0,
        };
        Streamer<Frame<byte>>[] streams = [SupervisorStreams.Finite(0, 3), SupervisorStreams.Stereo(1, 3)];

        system.Spawn(MuxSupervisorActor<byte>.CreateProps(streams, options, [consumer], [log], NullLoggerFactory.Instance), "mux");
        int frames = 0;
        while (await consumer.ExpectMsgAsync<object>() is Frame<byte> frame)
        {
            frames++;
            frame.Release();
        }

        int second = log.OfType<StreamActivated>().ElementAt(1).Stream;
        var pruned = Assert.Single(log.OfType<StreamPruned>());
        Assert.Equal(second, pruned.Stream);
        Assert.IsType<InvalidDataException>(pruned.Error);
        Assert.Contains("channel", pruned.Reason, StringComparison.Ordinal);
        Assert.Equal(3, frames);
        await EventLog.WaitForNoActorsAsync(system);
    }

    [Fact]
    public async Task Stop_WhileLiveSourcesWaitForData_StopsEveryStreamActor()
    {
        var time = new ManualTimeProvider();
        await using var system = SupervisorStreams.CreateSystem(time);
        var consumer = new TestProbe(system, "consumer");
        var watcher = new TestProbe(system, "watcher");
        var options = new MuxSupervisorOptions { Mux = new StochasticMuxOptions { ActiveCount = 3, Rate = null, Mode = StochasticMuxMode.SingleActive, Seed = 2 } };
        var streams = Enumerable.Range(0, 4).Select(i => SupervisorStreams.Idle(i, before: 2));
        var mux = system.Spawn(MuxSupervisorActor<byte>.CreateProps(streams, options, [consumer], [], NullLoggerFactory.Instance), "mux");
        for (int i = 0; i < 6; i++)
        {
            (await consumer.ExpectMsgAsync<Frame<byte>>()).Release();
        }

        Assert.Equal(4, system.ActorCount);
        watcher.Watch(mux);
        system.Stop(mux);

        await watcher.ExpectTerminatedAsync(mux);
        await EventLog.WaitForNoActorsAsync(system);
    }

    private static Task<MuxStatusResponse> StatusAsync(IActorRef mux)
        => mux.AskAsync<MuxStatusResponse>(MuxStatusRequest.Instance, Timeout.InfiniteTimeSpan).WaitAsync(SupervisorStreams.Timeout);
}

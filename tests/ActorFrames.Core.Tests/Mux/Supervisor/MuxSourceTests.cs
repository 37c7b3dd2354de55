using System.Collections.Concurrent;
using ActorFrames.Frames;
using ActorFrames.Mux;
using ActorFrames.Pipelines;
using ActorFrames.Rechunking;
using ActorFrames.Results;
using ActorFrames.TestKit;
using ActorFrames.Tests.Actors;
using ActorFrames.Tests.Pipelines;

namespace ActorFrames.Tests.Mux.Supervisor;

public sealed class MuxSourceTests
{
    [Fact]
    public async Task PipelineFrom_ExhaustiveMuxOverFiveStreams_TheConsumerSeesEveryFrameOnceAndTheRunEnds()
    {
        var time = new ManualTimeProvider();
        await using var system = SupervisorStreams.CreateSystem(time);
        var log = new EventLog();
        var source = new MuxSource<byte>(
            system,
            Enumerable.Range(0, 5).Select(i => SupervisorStreams.Finite(i, 7, yieldEach: i % 2 == 1)),
            new MuxSupervisorOptions { Mux = new StochasticMuxOptions { ActiveCount = 2, Rate = 3, Distribution = BudgetDistribution.Constant, Mode = StochasticMuxMode.Exhaustive, Seed = 4 } },
            [log]);
        var sourceWithoutBudget = new MuxSource<byte>(
            system,
            Enumerable.Range(0, 5).Select(i => SupervisorStreams.Finite(i, 7, yieldEach: i % 2 == 1)),
            new MuxSupervisorOptions { SourceId = "all", Mux = new StochasticMuxOptions { ActiveCount = 3, Rate = null, Mode = StochasticMuxMode.Exhaustive, Seed = 4 } });
        var results = new ConcurrentQueue<ChunkResult<string>>();
        var consumer = new ConsumerOptions { Name = "c", Handler = "text", Chunking = new RechunkOptions { Size = 2 }, Ordering = ResultOrdering.Emission };

        var statistics = await Pipeline.From(sourceWithoutBudget)
            .WithHandlers(PipelineTestHandlers.Registry())
            .WithSystem(system)
            .Consumer<string>(consumer, results.Enqueue)
            .RunAsync().WaitAsync(SupervisorStreams.Timeout);

        Assert.Equal(Enumerable.Range(0, 5).SelectMany(i => SupervisorStreams.Texts(i, 7)).Order(), results.Select(r => r.Value).Order());
        Assert.All(results, r => Assert.Equal(new SourceId("all"), r.Chunk.Source));
        Assert.Equal(Enumerable.Range(0, 35).Select(i => (long)i), results.Select(r => r.Chunk.Sequence));
        Assert.Equal((35L, true), (statistics[0].FramesIn, statistics[0].Completed));

        // With budgets of 3 in Exhaustive mode each stream gives its first 3 frames only: the budget cuts the activation.
        var budgeted = new List<string>();
        await foreach (var frame in source.WithCancellation(CancellationToken.None))
        {
            budgeted.Add(SupervisorStreams.Text(frame));
            frame.Release();
        }

        Assert.Equal(Enumerable.Range(0, 5).SelectMany(i => SupervisorStreams.Texts(i, 3)).Order(), budgeted.Order());
        Assert.All(log.OfType<StreamRetired>(), r => Assert.Equal((MuxRetireReason.BudgetSpent, 3L), (r.Reason, r.Items)));
        Assert.IsType<MuxCompleted>(log.Messages[^1]);
        await EventLog.WaitForNoActorsAsync(system);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Enumerate_EndlessStreamsWithReplacement_BudgetsHoldAndDisposingStopsEveryActor()
    {
        var time = new ManualTimeProvider();
        await using var system = SupervisorStreams.CreateSystem(time);
        var log = new EventLog();
        var source = new MuxSource<byte>(
            system,
            [SupervisorStreams.Endless(0), SupervisorStreams.Endless(1), SupervisorStreams.Endless(2)],
            new MuxSupervisorOptions
            {
                Mux = new StochasticMuxOptions { ActiveCount = 2, Rate = 5, Mode = StochasticMuxMode.WithReplacement, Seed = 3 },
                FramesInFlight = 4,
            },
            [log]);

        long expected = 0;
        await foreach (var frame in source)
        {
            Assert.Equal(expected++, frame.Sequence);
            frame.Release();
            if (expected == 2_000)
            {
                break;
            }
        }

        await EventLog.WaitForNoActorsAsync(system);
        var activations = log.OfType<StreamActivated>().ToDictionary(a => a.Activation);
        var retirements = log.OfType<StreamRetired>().ToList();
        Assert.True(retirements.Count > 100, $"Expected hundreds of activations over 2,000 frames at rate 5, got {retirements.Count}.");
        Assert.All(retirements, r =>
        {
            Assert.Equal(MuxRetireReason.BudgetSpent, r.Reason);
            Assert.Equal(activations[r.Activation].Budget, r.Items);
        });
        double mean = retirements.Average(r => r.Items);
        Assert.InRange(mean, 4, 6);
    }

    [Fact]
    public async Task Constructor_InvalidSettings_ThrowsNamingTheKey()
    {
        var time = new ManualTimeProvider();
        await using var system = SupervisorStreams.CreateSystem(time);
        var streams = new[] { SupervisorStreams.Finite(0, 1), SupervisorStreams.Finite(1, 1) };
        var tooMany = Assert.Throws<ArgumentException>(() => new MuxSource<byte>(
            system, streams, new MuxSupervisorOptions { Mux = new StochasticMuxOptions { ActiveCount = 3, Mode = StochasticMuxMode.Exhaustive } }));
        Assert.Contains("ActiveCount is 3", tooMany.Message, StringComparison.Ordinal);

        var badBackoff = Assert.Throws<ArgumentException>(() => new MuxSource<byte>(
            system, streams, new MuxSupervisorOptions { BackoffMin = TimeSpan.FromSeconds(2), BackoffMax = TimeSpan.FromSeconds(1), FramesInFlight = 0 }));
        Assert.Contains("BackoffMax", badBackoff.Message, StringComparison.Ordinal);
        Assert.Contains("FramesInFlight is 0", badBackoff.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new MuxSource<byte>(system, [], new MuxSupervisorOptions()));
    }
}

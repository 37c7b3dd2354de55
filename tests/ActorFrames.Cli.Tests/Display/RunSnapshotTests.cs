using ActorFrames.Cli.Display;
using ActorFrames.Pipelines;

namespace ActorFrames.Tests.Display;

public sealed class RunSnapshotTests
{
    [Fact]
    public void FromPipeline_WithPrevious_ComputesRateOverThePeriodAndAddsDrops()
    {
        var first = RunSnapshot.FromPipeline("test-signal", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 160, [Stats(chunksOut: 20)]);

        var second = RunSnapshot.FromPipeline(
            "test-signal",
            TimeSpan.FromSeconds(3),
            TimeSpan.FromSeconds(30),
            480,
            [Stats(chunksOut: 60, framesDropped: 2, chunksDropped: 3)],
            first,
            new Dictionary<string, int> { ["level"] = 4 });

        Assert.Equal(20.0, first.Consumers[0].ChunksPerSecond);
        var level = second.Consumers[0];
        Assert.Equal(("level", "pool(2)", 60L, 20.0, 5L, 4), (level.Consumer, level.WorkerMode, level.Chunks, level.ChunksPerSecond, level.Dropped, level.MaxInFlight));
        Assert.Equal(TimeSpan.FromSeconds(0.5), level.Lag);
    }

    [Fact]
    public void Block_UnknownInFlightLimit_ShowsTheCountAlone()
    {
        var snapshot = RunSnapshot.FromPipeline("s", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1, [Stats(chunksOut: 1)]);

        Assert.EndsWith("  1", LiveDisplay.Block(snapshot)[2], StringComparison.Ordinal);
    }

    private static ConsumerStatistics Stats(long chunksOut, long framesDropped = 0, long chunksDropped = 0)
        => new("level", "pool(2)", 100, chunksOut, framesDropped, chunksDropped, 1, chunksOut - 1, 0, TimeSpan.FromSeconds(0.5), false);
}

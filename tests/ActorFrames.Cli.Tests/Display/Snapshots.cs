using ActorFrames.Cli.Display;

namespace ActorFrames.Tests.Display;

internal static class Snapshots
{
    public static RunSnapshot At(double elapsedSeconds, long levelChunks = 25, long spectrumDropped = 0, long segmentsFailed = 0)
        => new(
            "test-signal",
            TimeSpan.FromSeconds(elapsedSeconds),
            TimeSpan.FromSeconds(elapsedSeconds * 10),
            (long)(elapsedSeconds * 160),
            [
                new ConsumerProgress("level", "inline", levelChunks, 31.25, TimeSpan.FromMilliseconds(40), 0, 0, 0, 1),
                new ConsumerProgress("segments", "pool(2)", 1, 0.5, TimeSpan.FromSeconds(2), 0, segmentsFailed, 1, 4),
                new ConsumerProgress("spectrum", "process(2)", 20, 24, TimeSpan.FromSeconds(1.5), spectrumDropped, 0, 3, 8),
            ]);
}

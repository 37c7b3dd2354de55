using ActorFrames.Frames;
using ActorFrames.Rechunking;

namespace ActorFrames.Tests.Rechunking;

public sealed class RechunkerSamplerTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly SourceId s_source = new("mic");

    [Fact]
    public void Write_PauseOnAClock_DropsFramesWrittenBeforeThePauseEnds()
    {
        var clock = new ManualTimeProvider(s_t0);
        using var rechunker = new Rechunker<byte>("s", new RechunkOptions { Size = 4, Pause = TimeSpan.FromSeconds(1), PauseClock = clock });

        // Frame timestamps stand still: only the clock decides.
        rechunker.Write([0, 1, 2, 3, 4], new FrameInfo(s_source, 0, s_t0));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        rechunker.Write([5, 6, 7, 8], new FrameInfo(s_source, 1, s_t0));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        rechunker.Write([9, 10, 11, 12], new FrameInfo(s_source, 2, s_t0));

        Assert.True(rechunker.TryRead(out var first));
        Assert.True(rechunker.TryRead(out var second));
        using (first)
        using (second)
        {
            Assert.Equal(new byte[] { 0, 1, 2, 3 }, first.Span.ToArray());
            Assert.Equal(new byte[] { 9, 10, 11, 12 }, second.Span.ToArray());
            Assert.Equal(1, second.Info.FramesDroppedBefore);
        }

        var stats = rechunker.Consumers[0].Statistics;
        Assert.Equal(1, stats.FramesDropped);
        Assert.Equal(1, stats.ElementsDiscarded);
    }

    [Fact]
    public void Write_PauseInStreamTime_IgnoresTheClockAndUsesFrameTimestamps()
    {
        using var rechunker = new Rechunker<byte>("s", new RechunkOptions { Size = 2, Pause = TimeSpan.FromSeconds(2) });

        rechunker.Write([0, 1], new FrameInfo(s_source, 0, s_t0));
        rechunker.Write([2, 3], new FrameInfo(s_source, 1, s_t0.AddSeconds(1)));
        rechunker.Write([4, 5], new FrameInfo(s_source, 2, s_t0.AddSeconds(1.999)));
        rechunker.Write([6, 7], new FrameInfo(s_source, 3, s_t0.AddSeconds(2)));

        Assert.True(rechunker.TryRead(out var first));
        Assert.True(rechunker.TryRead(out var second));
        using (first)
        using (second)
        {
            Assert.Equal(s_t0, first.Timestamp);
            Assert.Equal(new byte[] { 6, 7 }, second.Span.ToArray());
            Assert.Equal(s_t0.AddSeconds(2), second.Timestamp);
            Assert.Equal(2, second.Info.FramesDroppedBefore);
        }
    }

    [Fact]
    public void Write_PauseSamplerReturnsNegative_ThrowsNamingTheKey()
    {
        using var rechunker = new Rechunker<byte>("s", new RechunkOptions { Size = 2, PauseSampler = static () => TimeSpan.FromSeconds(-1) });

        var error = Assert.Throws<InvalidOperationException>(() => rechunker.Write([0, 1], new FrameInfo(s_source, 0, s_t0)));

        Assert.Contains("RechunkOptions[s].PauseSampler returned -00:00:01", error.Message, StringComparison.Ordinal);
    }
}

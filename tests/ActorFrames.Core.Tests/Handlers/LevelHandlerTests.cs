using ActorFrames.Frames;
using ActorFrames.Handlers;

namespace ActorFrames.Tests.Handlers;

public sealed class LevelHandlerTests
{
    private const double FullScaleSineRms = -3.0103;

    [Theory]
    [InlineData(1000.0)]
    [InlineData(997.0)]
    [InlineData(250.0)]
    public async Task HandleAsync_FullScaleFloatSine_ReadsMinus3dBRmsAnd0dBPeak(double frequency)
    {
        using var chunk = Chunk<float>.Copy(Signals.Sine(frequency, 1.0, 16_000, 8_000), Signals.Info(16_000));

        var level = await new LevelHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.InRange(level.RmsDbfs, FullScaleSineRms - 0.05, FullScaleSineRms + 0.05);
        Assert.InRange(level.PeakDbfs, -0.01, 0.0);
    }

    [Fact]
    public async Task HandleAsync_FullScaleInt16Sine_ReadsMinus3dBRmsAnd0dBPeak()
    {
        var samples = Signals.ToInt16(Signals.Sine(1000, 1.0, 16_000, 8_000));
        using var chunk = Chunk<short>.Copy(samples, Signals.Info(16_000));

        var level = await new LevelHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.InRange(level.RmsDbfs, FullScaleSineRms - 0.05, FullScaleSineRms + 0.05);
        Assert.InRange(level.PeakDbfs, -0.01, 0.0);
    }

    [Fact]
    public async Task HandleAsync_Int16MinValue_ReadsExactly0dBPeak()
    {
        using var chunk = Chunk<short>.Copy([0, short.MinValue, 0, 0], Signals.Info(16_000));

        var level = await new LevelHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.Equal(0.0, level.PeakDbfs, 12);
        Assert.Equal(-6.0206, level.RmsDbfs, 3);
    }

    [Fact]
    public async Task HandleAsync_HalfAmplitudeSine_ReadsMinus6dBBelowFullScale()
    {
        using var chunk = Chunk<float>.Copy(Signals.Sine(1000, 0.5, 16_000, 8_000), Signals.Info(16_000));

        var level = await new LevelHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.Equal(FullScaleSineRms - 6.0206, level.RmsDbfs, 2);
        Assert.Equal(-6.0206, level.PeakDbfs, 2);
    }

    [Fact]
    public async Task HandleAsync_Silence_ReadsNegativeInfinity()
    {
        using var chunk = Chunk<float>.Copy(new float[800], Signals.Info(16_000));

        var level = await new LevelHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.Equal(double.NegativeInfinity, level.RmsDbfs);
        Assert.Equal(double.NegativeInfinity, level.PeakDbfs);
    }

    [Fact]
    public async Task HandleAsync_StereoChunk_ReportsTimestampAndDurationFromFramesPerChannel()
    {
        using var chunk = Chunk<float>.Copy(Signals.Sine(1000, 1.0, 16_000, 4_000, channels: 2), Signals.Info(16_000, channels: 2));

        var level = await new LevelHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.Equal(Signals.Start, level.Timestamp);
        Assert.Equal(TimeSpan.FromMilliseconds(250), level.Duration);
        Assert.InRange(level.RmsDbfs, FullScaleSineRms - 0.05, FullScaleSineRms + 0.05);
    }

    [Fact]
    public async Task HandleAsync_NoSampleRate_ReportsZeroDuration()
    {
        var info = Signals.Info(16_000) with { SampleRate = null };
        using var chunk = Chunk<float>.Copy([0.25f, -0.25f], info);

        var level = await new LevelHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, level.Duration);
        Assert.Equal(-12.04, level.RmsDbfs, 2);
    }
}

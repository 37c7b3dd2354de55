using ActorFrames.Frames;
using ActorFrames.Handlers;

namespace ActorFrames.Tests.Handlers;

public sealed class SpectrumHandlerTests
{
    private const int Rate = 16_000;
    private const double Bin = (double)Rate / SpectrumHandler.DefaultFftSize;

    [Theory]
    [InlineData(1000.0)]
    [InlineData(1234.5)]
    [InlineData(3001.0)]
    [InlineData(60.0)]
    public async Task HandleAsync_FloatSine_FindsDominantFrequencyWithinOneBin(double frequency)
    {
        using var chunk = Chunk<float>.Copy(Signals.Sine(frequency, 1.0, Rate, 2 * Rate), Signals.Info(Rate));

        var spectrum = await new SpectrumHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.InRange(spectrum.DominantFrequency, frequency - Bin, frequency + Bin);
    }

    [Fact]
    public async Task HandleAsync_Int16StereoSine_FindsDominantFrequencyWithinOneBin()
    {
        var samples = Signals.ToInt16(Signals.Sine(1000, 0.5, Rate, 2 * Rate, channels: 2));
        using var chunk = Chunk<short>.Copy(samples, Signals.Info(Rate, channels: 2));

        var spectrum = await new SpectrumHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.InRange(spectrum.DominantFrequency, 1000 - Bin, 1000 + Bin);
        Assert.Equal(TimeSpan.FromSeconds(2), spectrum.Duration);
    }

    [Fact]
    public async Task HandleAsync_ChunkShorterThanFft_StillFindsDominantFrequency()
    {
        using var chunk = Chunk<float>.Copy(Signals.Sine(1000, 1.0, Rate, 1_000), Signals.Info(Rate));

        var spectrum = await new SpectrumHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.InRange(spectrum.DominantFrequency, 1000 - Bin, 1000 + Bin);
    }

    [Fact]
    public async Task HandleAsync_FullScaleSine_PutsMinus3dBInItsOctaveBandAndLittleElsewhere()
    {
        using var chunk = Chunk<float>.Copy(Signals.Sine(1000, 1.0, Rate, 2 * Rate), Signals.Info(Rate));

        var bands = (await new SpectrumHandler().HandleAsync(chunk, CancellationToken.None)).Bands;

        Assert.Equal(1000.0, OctaveBandLevels.CentreFrequency(5));
        Assert.InRange(bands[5], -3.01 - 0.05, -3.01 + 0.05);
        for (var b = 0; b < 9; b++)
        {
            if (b != 5)
            {
                Assert.True(bands[b] < -60, $"Band {b} ({OctaveBandLevels.CentreFrequency(b)} Hz) read {bands[b]} dBFS; a 1 kHz sine should leave it below -60.");
            }
        }
    }

    [Fact]
    public async Task HandleAsync_BandAboveNyquist_IsNaN()
    {
        using var chunk = Chunk<float>.Copy(Signals.Sine(1000, 1.0, Rate, Rate), Signals.Info(Rate));

        var bands = (await new SpectrumHandler().HandleAsync(chunk, CancellationToken.None)).Bands;

        Assert.True(double.IsNaN(bands[9]), $"The 16 kHz band lies above the 8 kHz Nyquist frequency; expected NaN, got {bands[9]}.");
        Assert.False(double.IsNaN(bands[8]), "The 8 kHz band starts below Nyquist and must be measured.");
    }

    [Fact]
    public async Task HandleAsync_Silence_ReadsZeroHertzAndNegativeInfinityBands()
    {
        using var chunk = Chunk<float>.Copy(new float[Rate], Signals.Info(Rate));

        var spectrum = await new SpectrumHandler().HandleAsync(chunk, CancellationToken.None);

        Assert.Equal(0.0, spectrum.DominantFrequency);
        Assert.Equal(double.NegativeInfinity, spectrum.Bands[5]);
    }

    [Fact]
    public async Task HandleAsync_NoSampleRate_ThrowsNamingTheChunk()
    {
        using var chunk = Chunk<float>.Copy(new float[64], Signals.Info(Rate) with { SampleRate = null, Consumer = "spec", Sequence = 7 });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await new SpectrumHandler().HandleAsync(chunk, CancellationToken.None));

        Assert.Contains("spec#7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_AfterWarmUp_AllocatesNothing()
    {
        var handler = new SpectrumHandler();
        using var chunk = Chunk<float>.Copy(Signals.Sine(1000, 1.0, Rate, 2 * Rate), Signals.Info(Rate));
        await handler.HandleAsync(chunk, CancellationToken.None);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var pending = handler.HandleAsync(chunk, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(8)]
    public void Constructor_FftSizeNotAPowerOfTwoOrTooSmall_Throws(int size)
        => Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new SpectrumHandler(size));
}

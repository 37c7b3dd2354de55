using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.Sources.Generators;

namespace ActorFrames.Tests.Sources.Generators;

public sealed class TestSignalTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_SameSeed_ProducesIdenticalSamples()
    {
        var first = await ReadAllAsync(new TestSignalOptions { Seed = 7, Duration = TimeSpan.FromSeconds(20) });
        var second = await ReadAllAsync(new TestSignalOptions { Seed = 7, Duration = TimeSpan.FromSeconds(20) });

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ReadAsync_DifferentSeed_ChangesOnlyTheNoiseSections()
    {
        var options = new TestSignalOptions { Seed = 1, Duration = TimeSpan.FromSeconds(14) };
        var first = await ReadAllAsync(options);
        options.Seed = 2;
        var second = await ReadAllAsync(options);

        const int NoiseStart = 12 * 16_000;
        Assert.Equal(first.AsSpan(0, NoiseStart).ToArray(), second.AsSpan(0, NoiseStart).ToArray());
        Assert.NotEqual(first.AsSpan(NoiseStart).ToArray(), second.AsSpan(NoiseStart).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(333)]
    [InlineData(16_000)]
    public async Task ReadAsync_AnyFrameSize_ProducesTheSameSamples(int frameSize)
    {
        var reference = await ReadAllAsync(new TestSignalOptions { Duration = TimeSpan.FromSeconds(2.5), FrameSize = 1024 });

        var samples = await ReadAllAsync(new TestSignalOptions { Duration = TimeSpan.FromSeconds(2.5), FrameSize = frameSize });

        Assert.Equal(reference, samples);
    }

    [Fact]
    public async Task ReadAsync_Default_YieldsSixtySecondsOfSequencedTimestampedFrames()
    {
        var signal = new TestSignal(new TestSignalOptions { StartTime = s_start, FrameSize = 1000 });
        long expectedSequence = 0;
        long samples = 0;
        await foreach (var frame in signal.ReadAsync())
        {
            try
            {
                Assert.Equal(expectedSequence++, frame.Sequence);
                Assert.Equal(s_start + TimeSpan.FromSeconds(samples / 16_000.0), frame.Timestamp);
                Assert.Equal((1, 16_000.0, "test-signal"), (frame.Channels, frame.SampleRate!.Value, frame.Source.Value));
                samples += frame.Length;
            }
            finally
            {
                frame.Release();
            }
        }

        Assert.Equal(60 * 16_000, samples);
        Assert.Equal(960, expectedSequence);
        Assert.Equal(21, signal.Sections.Length);
        Assert.Equal(TimeSpan.FromSeconds(60), signal.Sections[^1].End);
    }

    [Fact]
    public async Task ReadAsync_FullScaleSineSections_ReadMinus3dBRmsAnd0dBPeak()
    {
        var signal = new TestSignal(new TestSignalOptions { Duration = TimeSpan.FromSeconds(20) });
        var samples = await ReadAllAsync(signal);

        var checkedSections = 0;
        foreach (var section in signal.Sections)
        {
            if (section is { Kind: TestSignalKind.Sine, Amplitude: 1.0 })
            {
                var start = (int)(section.Start.TotalSeconds * 16_000);
                var level = LevelHandler.Measure(samples.AsSpan(start, 8_000), new ChunkInfo(default, "level", 0, s_start, 1, 16_000));
                Assert.InRange(level.RmsDbfs, -3.01 - 0.05, -3.01 + 0.05);
                Assert.Equal(0.0, level.PeakDbfs, 9);
                checkedSections++;
            }
        }

        Assert.Equal(2, checkedSections);
    }

    [Fact]
    public async Task ReadAsync_Sweep_RaisesDominantFrequencyAcrossTheSection()
    {
        var signal = new TestSignal(new TestSignalOptions { Duration = TimeSpan.FromSeconds(12) });
        var samples = await ReadAllAsync(signal);
        var spectrum = new SpectrumHandler();

        var early = spectrum.Analyze<float>(samples.AsSpan(5 * 16_000, 8_000), new ChunkInfo(default, "spectrum", 0, s_start, 1, 16_000)).DominantFrequency;
        var late = spectrum.Analyze<float>(samples.AsSpan(11 * 16_000, 8_000), new ChunkInfo(default, "spectrum", 1, s_start, 1, 16_000)).DominantFrequency;

        Assert.True(early < late / 4, $"The sweep rises from 50 Hz to 6.4 kHz; expected the dominant frequency at 5 s ({early:F0} Hz) well below the one at 11 s ({late:F0} Hz).");
    }

    [Fact]
    public async Task ReadAsync_Realtime_WaitsForTheClockBeforeEachFrame()
    {
        var clock = new ManualTimeProvider(s_start);
        var signal = new TestSignal(new TestSignalOptions { Realtime = true, FrameSize = 1600, Duration = TimeSpan.FromSeconds(1) }, clock);
        await using var frames = signal.ReadAsync().GetAsyncEnumerator();

        var first = frames.MoveNextAsync().AsTask();
        Assert.False(first.IsCompleted, "A real-time frame of 0.1 s must not be ready before the clock moved.");
        Assert.Equal(1, clock.TimersCreated);
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(first.IsCompleted, "The frame covers 0-100 ms; at 99 ms it is not complete yet.");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(10)), "The first frame should arrive once the clock reached 100 ms.");
        Assert.Equal(s_start, frames.Current.Timestamp);
        frames.Current.Release();
    }

    [Fact]
    public void Constructor_SampleRateOutOfRange_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TestSignal(new TestSignalOptions { SampleRate = 100 }));

        Assert.Contains("SampleRate", error.Message, StringComparison.Ordinal);
    }

    private static Task<float[]> ReadAllAsync(TestSignalOptions options) => ReadAllAsync(new TestSignal(options));

    private static async Task<float[]> ReadAllAsync(TestSignal signal)
    {
        var samples = new List<float>();
        await foreach (var frame in signal.ReadAsync())
        {
            samples.AddRange(frame.Span);
            frame.Release();
        }

        return [.. samples];
    }
}

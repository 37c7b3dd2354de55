using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ActorFrames.Frames;

namespace ActorFrames.Sources.Generators;

/// <summary>
/// The built-in test signal: mono float audio that repeats a 20-second cycle of known sections, so that
/// every consumer has something to find: full-scale sines (a level reading of −3.01 dBFS RMS and 0 dBFS
/// peak), exponential sweeps (a moving dominant frequency), noise bursts and a quiet stretch. The noise comes
/// from a generator seeded by <see cref="TestSignalOptions.Seed"/>, so the same options give the same
/// samples whatever the frame size.
/// </summary>
/// <remarks>
/// One cycle: 0–4 s sine 1 kHz at full scale; 4–12 s sweep up from 50 Hz to 0.4 × the sample rate at
/// amplitude 0.5; 12–13 s noise at 0.5; 13–14 s noise at 0.001; 14–16 s sine 250 Hz at full scale;
/// 16–17 s noise at 0.5; 17–20 s sweep back down at amplitude 0.25. <see cref="Sections"/> lists them
/// for the whole signal.
/// </remarks>
public sealed class TestSignal
{
    private static readonly TimeSpan s_cycle = TimeSpan.FromSeconds(20);

    private readonly TestSignalOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SourceId _source;

    /// <summary>Initializes the signal; nothing is rendered until <see cref="ReadAsync"/> is enumerated.</summary>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock that paces a real-time signal and timestamps the first sample; the system clock by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range; the message names it.</exception>
    public TestSignal(TestSignalOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SampleRate is < 8_000 or > 384_000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SampleRate, "TestSignalOptions.SampleRate must be from 8000 to 384000 Hz.");
        }

        if (options.Duration <= TimeSpan.Zero || options.Duration > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Duration, "TestSignalOptions.Duration must be more than zero and at most one day.");
        }

        if (options.FrameSize is < 1 or > 1 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FrameSize, "TestSignalOptions.FrameSize must be from 1 to 1048576 samples.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.SourceName, "options.SourceName");
        _options = new TestSignalOptions
        {
            SampleRate = options.SampleRate,
            Duration = options.Duration,
            FrameSize = options.FrameSize,
            Seed = options.Seed,
            Realtime = options.Realtime,
            SourceName = options.SourceName,
            StartTime = options.StartTime,
        };
        _timeProvider = timeProvider ?? TimeProvider.System;
        _source = new SourceId(options.SourceName);
        TotalSamples = (long)Math.Round(options.Duration.TotalSeconds * options.SampleRate);
        Sections = BuildSections(options.SampleRate, options.Duration);
    }

    /// <summary>Gets the sample rate in hertz.</summary>
    public int SampleRate => _options.SampleRate;

    /// <summary>Gets the number of samples the signal holds.</summary>
    public long TotalSamples { get; }

    /// <summary>Gets the sections of the whole signal, in order, the last one cut at the signal's end.</summary>
    public ImmutableArray<TestSignalSection> Sections { get; }

    /// <summary>
    /// Produces the signal as pooled mono frames of <see cref="TestSignalOptions.FrameSize"/> samples. Each
    /// frame is handed over with one reference: the caller releases it. A real-time signal yields each frame
    /// when the clock reaches the time of its last sample.
    /// </summary>
    /// <param name="cancellationToken">Stops the signal.</param>
    /// <returns>The frames, in order.</returns>
    public async IAsyncEnumerable<Frame<float>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rate = _options.SampleRate;
        var origin = _options.StartTime ?? _timeProvider.GetUtcNow();
        var started = _timeProvider.GetTimestamp();
        var renderer = new TestSignalRenderer(Sections, rate, _options.Seed);
        long position = 0;
        long sequence = 0;
        while (position < TotalSamples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = (int)Math.Min(_options.FrameSize, TotalSamples - position);
            if (_options.Realtime)
            {
                var due = TimeAt(position + count, rate) - _timeProvider.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }

            var frame = Frame<float>.Rent(count, new FrameInfo(_source, sequence, origin + TimeAt(position, rate), 1, rate));
            renderer.Render(position, frame.GetWriteSpan());
            yield return frame;
            position += count;
            sequence++;
        }
    }

    /// <summary>Gets the time of sample <paramref name="sample"/> from the start, rounded to the tick.</summary>
    /// <param name="sample">The sample index.</param>
    /// <param name="rate">The sample rate.</param>
    /// <returns>The offset.</returns>
    internal static TimeSpan TimeAt(long sample, int rate)
        => TimeSpan.FromTicks((long)Math.Round(sample * (double)TimeSpan.TicksPerSecond / rate));

    private static ImmutableArray<TestSignalSection> BuildSections(int rate, TimeSpan duration)
    {
        var top = 0.4 * rate;
        ReadOnlySpan<(double Start, double End, TestSignalKind Kind, double Amplitude, double F0, double F1)> cycle =
        [
            (0, 4, TestSignalKind.Sine, 1.0, 1000, 1000),
            (4, 12, TestSignalKind.Sweep, 0.5, 50, top),
            (12, 13, TestSignalKind.Noise, 0.5, 0, 0),
            (13, 14, TestSignalKind.Noise, 0.001, 0, 0),
            (14, 16, TestSignalKind.Sine, 1.0, 250, 250),
            (16, 17, TestSignalKind.Noise, 0.5, 0, 0),
            (17, 20, TestSignalKind.Sweep, 0.25, top, 50),
        ];
        var sections = ImmutableArray.CreateBuilder<TestSignalSection>();
        for (var cycleStart = TimeSpan.Zero; cycleStart < duration; cycleStart += s_cycle)
        {
            foreach (var (start, end, kind, amplitude, f0, f1) in cycle)
            {
                var from = cycleStart + TimeSpan.FromSeconds(start);
                if (from >= duration)
                {
                    break;
                }

                var to = cycleStart + TimeSpan.FromSeconds(end);
                sections.Add(new TestSignalSection(from, to < duration ? to : duration, kind, amplitude, f0, f1));
            }
        }

        return sections.ToImmutable();
    }
}

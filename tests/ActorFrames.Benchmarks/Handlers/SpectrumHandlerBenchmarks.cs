using ActorFrames.Frames;
using ActorFrames.Handlers;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Handlers;

/// <summary>
/// The per-chunk cost of the built-in analysis handlers on the default consumers' chunks: a 2 s spectrum chunk
/// and a 0.5 s level chunk at 16 kHz. After warm-up neither may allocate.
/// </summary>
[MemoryDiagnoser]
public class SpectrumHandlerBenchmarks
{
    private const int Rate = 16_000;
    private SpectrumHandler _spectrum = null!;
    private float[] _samples = [];
    private ChunkInfo _info;

    /// <summary>Gets or sets the FFT segment size.</summary>
    [Params(1024, 4096)]
    public int FftSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _samples = new float[2 * Rate];
        for (var n = 0; n < _samples.Length; n++)
        {
            _samples[n] = (float)((0.5 * Math.Sin(2 * Math.PI * 1000 * n / Rate)) + (0.1 * (random.NextDouble() - 0.5)));
        }

        _info = new ChunkInfo(new SourceId("bench"), "spectrum", 0, DateTimeOffset.UnixEpoch, 1, Rate);
        _spectrum = new SpectrumHandler(FftSize);
        _spectrum.Analyze<float>(_samples, _info);
    }

    /// <summary>Octave bands and dominant frequency of a 2 s chunk (Welch, half-overlapping Hann segments).</summary>
    /// <returns>The dominant frequency, so the work is not optimized away.</returns>
    [Benchmark(Baseline = true)]
    public double Spectrum2s() => _spectrum.Analyze<float>(_samples, _info).DominantFrequency;

    /// <summary>RMS and peak of a 0.5 s chunk.</summary>
    /// <returns>The RMS level.</returns>
    [Benchmark]
    public double Level500ms() => LevelHandler.Measure(_samples.AsSpan(0, Rate / 2), _info).RmsDbfs;
}

using System.Runtime.CompilerServices;
using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// The <c>spectrum</c> handler: octave-band levels and the dominant frequency of each chunk, from a Welch
/// average of Hann-windowed radix-2 FFTs (half-overlapping segments; a chunk shorter than one segment is
/// zero-padded). Channels are averaged to mono first.
/// </summary>
/// <remarks>
/// An instance owns its scratch buffers and so handles one chunk at a time; the registry's factory creates
/// one instance per worker. After the first chunk at a given FFT size nothing is allocated per chunk.
/// </remarks>
internal sealed class SpectrumHandler : IChunkHandler<float, SpectrumResult>, IChunkHandler<short, SpectrumResult>
{
    /// <summary>The default FFT size: 4096 points (3.9 Hz bins at 16 kHz, 11.7 Hz at 48 kHz).</summary>
    public const int DefaultFftSize = 4096;

    private readonly FftPlan _plan;
    private readonly double[] _real;
    private readonly double[] _imaginary;
    private readonly double[] _power;
    private int _busy;

    /// <summary>Initializes a handler with its own scratch buffers.</summary>
    /// <param name="fftSize">The FFT segment size: a power of two from 16 to 1 048 576.</param>
    public SpectrumHandler(int fftSize = DefaultFftSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fftSize, 1 << 20);
        _plan = FftPlan.For(fftSize);
        _real = new double[fftSize];
        _imaginary = new double[fftSize];
        _power = new double[(fftSize / 2) + 1];
    }

    /// <summary>Gets the FFT segment size.</summary>
    public int FftSize => _plan.Size;

    /// <inheritdoc />
    public ValueTask<SpectrumResult> HandleAsync(Chunk<float> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ValueTask<SpectrumResult>(Analyze(chunk.Span, chunk.Info));
    }

    /// <inheritdoc />
    public ValueTask<SpectrumResult> HandleAsync(Chunk<short> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ValueTask<SpectrumResult>(Analyze(chunk.Span, chunk.Info));
    }

    /// <summary>Analyzes interleaved float (±1) or 16-bit samples.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="short"/>.</typeparam>
    /// <param name="samples">The samples.</param>
    /// <param name="info">The chunk's metadata; it must carry a sample rate.</param>
    /// <returns>The spectrum.</returns>
    internal SpectrumResult Analyze<T>(ReadOnlySpan<T> samples, in ChunkInfo info)
        where T : unmanaged
    {
        if (info.SampleRate is not { } rate)
        {
            throw new InvalidOperationException($"The spectrum handler needs a sample rate, but chunk {info.Consumer}#{info.Sequence} of '{info.Source}' has none.");
        }

        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("A spectrum handler instance handles one chunk at a time; create one instance per worker.");
        }

        try
        {
            var channels = info.Channels;
            var frames = samples.Length / channels;
            var segments = AccumulatePower(samples, channels, frames);
            var dominant = segments == 0 ? 0.0 : DominantFrequency(rate);
            var bands = default(OctaveBandLevels);
            FillBands(bands.AsSpan(), rate, segments > 0);
            return new SpectrumResult(info.Timestamp, ChunkDuration.Of(samples.Length, info), dominant, bands);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private int AccumulatePower<T>(ReadOnlySpan<T> samples, int channels, int frames)
        where T : unmanaged
    {
        var size = _plan.Size;
        var hop = size / 2;
        var power = _power.AsSpan();
        power.Clear();
        if (frames == 0)
        {
            return 0;
        }

        var segments = frames <= size ? 1 : 1 + ((frames - size) / hop);
        var real = _real.AsSpan();
        var imaginary = _imaginary.AsSpan();
        var channelScale = 1.0 / channels;
        for (var s = 0; s < segments; s++)
        {
            var start = s * hop;
            var count = Math.Min(size, frames - start);
            var windowPower = 0.0;
            var window = _plan.Hann;
            for (var n = 0; n < count; n++)
            {
                var w = count == size ? window[n] : 0.5 - (0.5 * Math.Cos(2.0 * Math.PI * n / count));
                windowPower += w * w;
                var offset = (start + n) * channels;
                var sum = 0.0;
                for (var c = 0; c < channels; c++)
                {
                    sum += ToUnit(samples[offset + c]);
                }

                real[n] = sum * channelScale * w;
            }

            real[count..].Clear();
            imaginary.Clear();
            _plan.Forward(real, imaginary);

            // One-sided power so that the bins sum to the mean square of the segment (Parseval, window-corrected).
            var scale = windowPower > 0 ? 1.0 / (size * windowPower) : 0.0;
            var nyquist = size / 2;
            for (var k = 0; k <= nyquist; k++)
            {
                var p = ((real[k] * real[k]) + (imaginary[k] * imaginary[k])) * scale;
                power[k] += k == 0 || k == nyquist ? p : 2.0 * p;
            }
        }

        var average = 1.0 / segments;
        for (var k = 0; k < power.Length; k++)
        {
            power[k] *= average;
        }

        return segments;
    }

    private double DominantFrequency(double rate)
    {
        var power = _power;
        var best = 1;
        for (var k = 2; k < power.Length; k++)
        {
            if (power[k] > power[best])
            {
                best = k;
            }
        }

        if (!(power[best] > 0))
        {
            return 0.0;
        }

        var bin = (double)best;
        if (best + 1 < power.Length && power[best - 1] > 0 && power[best + 1] > 0)
        {
            // A parabola through the log powers of the peak and its neighbours (exact for a Gaussian peak,
            // close for Hann) places the peak between bins.
            var a = Math.Log(power[best - 1]);
            var b = Math.Log(power[best]);
            var c = Math.Log(power[best + 1]);
            var denominator = a - (2.0 * b) + c;
            if (denominator < 0)
            {
                bin += 0.5 * (a - c) / denominator;
            }
        }

        return bin * rate / _plan.Size;
    }

    private void FillBands(Span<double> bands, double rate, bool measured)
    {
        var size = _plan.Size;
        var nyquistBin = size / 2;
        for (var b = 0; b < OctaveBandLevels.Count; b++)
        {
            var first = (int)Math.Ceiling(OctaveBandLevels.LowerEdge(b) * size / rate);
            var last = Math.Min((int)Math.Ceiling(OctaveBandLevels.UpperEdge(b) * size / rate) - 1, nyquistBin);
            first = Math.Max(first, 1);
            if (first > last || first > nyquistBin)
            {
                bands[b] = double.NaN;
                continue;
            }

            if (!measured)
            {
                bands[b] = double.NegativeInfinity;
                continue;
            }

            var sum = 0.0;
            for (var k = first; k <= last; k++)
            {
                sum += _power[k];
            }

            bands[b] = Decibels.FromPower(sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ToUnit<T>(T sample)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<T, float>(ref sample);
        }

        if (typeof(T) == typeof(short))
        {
            return Unsafe.As<T, short>(ref sample) / 32768.0;
        }

        throw new NotSupportedException($"The spectrum handler takes float or 16-bit samples, not {typeof(T).Name}.");
    }
}

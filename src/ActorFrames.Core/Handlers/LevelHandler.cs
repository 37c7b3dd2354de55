using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// The <c>level</c> handler: RMS and peak of each chunk in dBFS. Float samples are taken as full scale at
/// ±1, 16-bit samples at ±32768. Stateless, so one instance may serve any number of workers.
/// </summary>
internal sealed class LevelHandler : IChunkHandler<float, LevelResult>, IChunkHandler<short, LevelResult>
{
    private const double Int16FullScale = 32768.0;

    /// <inheritdoc />
    public ValueTask<LevelResult> HandleAsync(Chunk<float> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ValueTask<LevelResult>(Measure(chunk.Span, chunk.Info));
    }

    /// <inheritdoc />
    public ValueTask<LevelResult> HandleAsync(Chunk<short> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ValueTask<LevelResult>(Measure(chunk.Span, chunk.Info));
    }

    /// <summary>Measures float samples (full scale ±1).</summary>
    /// <param name="samples">The interleaved samples.</param>
    /// <param name="info">The chunk's metadata (timestamp, channels, rate).</param>
    /// <returns>The level.</returns>
    internal static LevelResult Measure(ReadOnlySpan<float> samples, in ChunkInfo info)
    {
        var sumOfSquares = 0.0;
        var peak = 0.0f;
        for (var i = 0; i < samples.Length; i++)
        {
            var s = samples[i];
            sumOfSquares += (double)s * s;
            var magnitude = MathF.Abs(s);
            if (magnitude > peak)
            {
                peak = magnitude;
            }
        }

        return Result(sumOfSquares, peak, samples.Length, info);
    }

    /// <summary>Measures 16-bit samples (full scale ±32768).</summary>
    /// <param name="samples">The interleaved samples.</param>
    /// <param name="info">The chunk's metadata (timestamp, channels, rate).</param>
    /// <returns>The level.</returns>
    internal static LevelResult Measure(ReadOnlySpan<short> samples, in ChunkInfo info)
    {
        // Integer sums are exact: 32768² · int.MaxValue still fits in a long.
        long sumOfSquares = 0;
        var peak = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            int s = samples[i];
            sumOfSquares += s * s;
            var magnitude = Math.Abs(s);
            if (magnitude > peak)
            {
                peak = magnitude;
            }
        }

        return Result(sumOfSquares / (Int16FullScale * Int16FullScale), peak / Int16FullScale, samples.Length, info);
    }

    private static LevelResult Result(double sumOfSquares, double peak, int length, in ChunkInfo info)
    {
        var rms = length == 0 ? 0.0 : Math.Sqrt(sumOfSquares / length);
        return new LevelResult(info.Timestamp, ChunkDuration.Of(length, info), Decibels.FromAmplitude(rms), Decibels.FromAmplitude(peak));
    }
}

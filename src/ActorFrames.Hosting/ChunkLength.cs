using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ActorFrames.Hosting;

/// <summary>
/// A chunk size or hop as written in configuration: a duration (<c>0.5s</c>, <c>500ms</c>, <c>2min</c>,
/// <c>00:00:10</c>) or a number of samples per channel (<c>8000</c>). Exactly one of the two is set.
/// </summary>
/// <param name="Samples">The length in samples per channel, or <see langword="null"/>.</param>
/// <param name="Duration">The length as a duration, or <see langword="null"/>.</param>
public readonly record struct ChunkLength(long? Samples, TimeSpan? Duration)
{
    /// <summary>The forms <see cref="TryParse"/> accepts, for error messages.</summary>
    public const string Forms = "a duration such as 0.5s, 500ms, 2min or 00:00:10, or a whole number of samples such as 8000";

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The length.</returns>
    /// <exception cref="FormatException">The text is not a positive duration or sample count; the message names it.</exception>
    public static ChunkLength Parse(string text)
        => TryParse(text, out var length)
            ? length
            : throw new FormatException($"'{text}' is not a chunk length: expected {Forms}, greater than zero.");

    /// <summary>Tries to parse <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="length">The length, when the text is valid.</param>
    /// <returns>Whether the text is a positive duration or sample count.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ChunkLength length)
    {
        length = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (long.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var samples))
        {
            length = new ChunkLength(samples, null);
            return samples > 0;
        }

        if (span.Contains(':') && TimeSpan.TryParse(span, CultureInfo.InvariantCulture, out var parsed))
        {
            length = new ChunkLength(null, parsed);
            return parsed > TimeSpan.Zero;
        }

        double unit;
        if (span.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            unit = 0.001;
            span = span[..^2];
        }
        else if (span.EndsWith("min", StringComparison.OrdinalIgnoreCase))
        {
            unit = 60;
            span = span[..^3];
        }
        else if (span.EndsWith('s') || span.EndsWith('S'))
        {
            unit = 1;
            span = span[..^1];
        }
        else
        {
            return false;
        }

        if (!double.TryParse(span.TrimEnd(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !(value * unit > 0)
            || value * unit > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        length = new ChunkLength(null, TimeSpan.FromTicks((long)Math.Round(value * unit * TimeSpan.TicksPerSecond)));
        return length.Duration > TimeSpan.Zero;
    }

    /// <summary>Gets the length in samples at <paramref name="sampleRate"/> (durations rounded to the nearest sample).</summary>
    /// <param name="sampleRate">Samples per second per channel.</param>
    /// <returns>The number of samples.</returns>
    public long ToSamples(double sampleRate)
        => Samples ?? (long)Math.Round(Duration.GetValueOrDefault().TotalSeconds * sampleRate);

    /// <inheritdoc />
    public override string ToString()
        => Samples is { } samples
            ? samples.ToString(CultureInfo.InvariantCulture)
            : Duration.GetValueOrDefault().TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture) + "s";
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorFrames.Handlers;

/// <summary>
/// Levels in dBFS of the ten octave bands centred on 31.25 Hz · 2^k (31.25 Hz to 16 kHz), held inline so
/// that a spectrum result needs no array. A band above the Nyquist frequency, or one no FFT bin falls
/// into, holds <see cref="double.NaN"/>.
/// </summary>
[InlineArray(Count)]
public struct OctaveBandLevels : IEquatable<OctaveBandLevels>
{
    /// <summary>The number of bands.</summary>
    public const int Count = 10;

    private const double LowestCentre = 31.25;

    private double _element0;

    /// <summary>Gets the centre frequency of band <paramref name="band"/> in hertz (31.25 · 2^band).</summary>
    /// <param name="band">The band index, 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The centre frequency.</returns>
    public static double CentreFrequency(int band)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(band);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(band, Count);
        return LowestCentre * (1 << band);
    }

    /// <summary>Gets the lower edge of band <paramref name="band"/> in hertz (centre / √2).</summary>
    /// <param name="band">The band index.</param>
    /// <returns>The lower edge.</returns>
    public static double LowerEdge(int band) => CentreFrequency(band) / Math.Sqrt(2.0);

    /// <summary>Gets the upper edge of band <paramref name="band"/> in hertz (centre · √2).</summary>
    /// <param name="band">The band index.</param>
    /// <returns>The upper edge.</returns>
    public static double UpperEdge(int band) => CentreFrequency(band) * Math.Sqrt(2.0);

    /// <summary>Copies the levels into a new array (for display; results themselves never allocate).</summary>
    /// <returns>The ten levels.</returns>
    public readonly double[] ToArray() => AsReadOnlySpan().ToArray();

    /// <summary>Gets the levels as a read-only span over this value.</summary>
    /// <returns>The ten levels.</returns>
    [UnscopedRef]
    public readonly ReadOnlySpan<double> AsReadOnlySpan() => MemoryMarshal.CreateReadOnlySpan(in _element0, Count);

    /// <inheritdoc />
    public readonly bool Equals(OctaveBandLevels other) => AsReadOnlySpan().SequenceEqual(other.AsReadOnlySpan());

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is OctaveBandLevels other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var level in AsReadOnlySpan())
        {
            hash.Add(level);
        }

        return hash.ToHashCode();
    }

    /// <summary>Compares two band sets element by element.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether all ten levels are equal (NaN equals NaN).</returns>
    public static bool operator ==(OctaveBandLevels left, OctaveBandLevels right) => left.Equals(right);

    /// <summary>Compares two band sets element by element.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether any level differs.</returns>
    public static bool operator !=(OctaveBandLevels left, OctaveBandLevels right) => !left.Equals(right);

    /// <summary>Gets the levels as a writable span (for the handler and the codec).</summary>
    /// <returns>The ten levels.</returns>
    [UnscopedRef]
    internal Span<double> AsSpan() => MemoryMarshal.CreateSpan(ref _element0, Count);
}

using System.Collections.Concurrent;

namespace ActorFrames.Handlers;

/// <summary>
/// The precomputed tables of an in-place iterative radix-2 FFT of one size: twiddle factors, the
/// bit-reversal permutation and a periodic Hann window. Plans are immutable and shared by every handler
/// instance that uses the same size, so a transform allocates nothing.
/// </summary>
internal sealed class FftPlan
{
    private static readonly ConcurrentDictionary<int, FftPlan> s_plans = new();

    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly int[] _bitReversed;
    private readonly double[] _hann;

    private FftPlan(int size)
    {
        Size = size;
        var half = size / 2;
        _cos = new double[half];
        _sin = new double[half];
        for (var k = 0; k < half; k++)
        {
            var angle = -2.0 * Math.PI * k / size;
            _cos[k] = Math.Cos(angle);
            _sin[k] = Math.Sin(angle);
        }

        var bits = System.Numerics.BitOperations.Log2((uint)size);
        _bitReversed = new int[size];
        for (var i = 0; i < size; i++)
        {
            _bitReversed[i] = Reverse(i, bits);
        }

        _hann = new double[size];
        var sumOfSquares = 0.0;
        for (var n = 0; n < size; n++)
        {
            // Periodic (DFT-even) Hann: the form whose overlapped copies at half the size add up to a constant.
            var w = 0.5 - (0.5 * Math.Cos(2.0 * Math.PI * n / size));
            _hann[n] = w;
            sumOfSquares += w * w;
        }

        HannSumOfSquares = sumOfSquares;
    }

    /// <summary>Gets the transform size (a power of two).</summary>
    public int Size { get; }

    /// <summary>Gets the periodic Hann window of <see cref="Size"/> points.</summary>
    public ReadOnlySpan<double> Hann => _hann;

    /// <summary>Gets the sum of the squared window coefficients (the window's power gain times the size).</summary>
    public double HannSumOfSquares { get; }

    /// <summary>Gets the shared plan for <paramref name="size"/>.</summary>
    /// <param name="size">A power of two, at least 2.</param>
    /// <returns>The plan.</returns>
    public static FftPlan For(int size)
    {
        if (size < 2 || !System.Numerics.BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The FFT size must be a power of two of at least 2.");
        }

        return s_plans.GetOrAdd(size, static s => new FftPlan(s));
    }

    /// <summary>Transforms <paramref name="real"/> + i·<paramref name="imaginary"/> in place (forward, unscaled).</summary>
    /// <param name="real">The real parts, <see cref="Size"/> long.</param>
    /// <param name="imaginary">The imaginary parts, <see cref="Size"/> long.</param>
    public void Forward(Span<double> real, Span<double> imaginary)
    {
        var n = Size;
        if (real.Length != n || imaginary.Length != n)
        {
            throw new ArgumentException($"The FFT of size {n} needs real and imaginary spans of {n} elements, not {real.Length} and {imaginary.Length}.", nameof(real));
        }

        var reversed = _bitReversed;
        for (var i = 0; i < n; i++)
        {
            var j = reversed[i];
            if (j > i)
            {
                (real[i], real[j]) = (real[j], real[i]);
                (imaginary[i], imaginary[j]) = (imaginary[j], imaginary[i]);
            }
        }

        var cos = _cos;
        var sin = _sin;
        for (var length = 2; length <= n; length <<= 1)
        {
            var half = length >> 1;
            var stride = n / length;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = cos[k * stride];
                    var wi = sin[k * stride];
                    var a = start + k;
                    var b = a + half;
                    var tr = (real[b] * wr) - (imaginary[b] * wi);
                    var ti = (real[b] * wi) + (imaginary[b] * wr);
                    real[b] = real[a] - tr;
                    imaginary[b] = imaginary[a] - ti;
                    real[a] += tr;
                    imaginary[a] += ti;
                }
            }
        }
    }

    private static int Reverse(int value, int bits)
    {
        var result = 0;
        for (var b = 0; b < bits; b++)
        {
            result = (result << 1) | ((value >> b) & 1);
        }

        return result;
    }
}

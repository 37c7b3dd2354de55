using System.Diagnostics;

namespace ActorFrames.Mux;

/// <summary>
/// Poisson and binomial variates drawn from a caller's <see cref="Random"/>, so that budgets replay from a seed.
/// </summary>
/// <remarks>
/// Small means use exact sequential methods (multiplication of uniforms for Poisson, inversion for binomial);
/// larger means use Hörmann's transformed rejection with squeeze (PTRS for Poisson, BTRS for binomial), which
/// need a bounded number of uniforms per variate whatever the mean.
/// </remarks>
internal static class DiscreteSampler
{
    private const int LogFactorialTableSize = 256;
    private const double PoissonRejectionThreshold = 10;
    private const double BinomialRejectionThreshold = 10;
    private static readonly double s_halfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);
    private static readonly double[] s_logFactorials = BuildLogFactorials();

    /// <summary>Draws from Poisson(<paramref name="mean"/>).</summary>
    /// <param name="random">The source of uniforms.</param>
    /// <param name="mean">The mean, finite and non-negative.</param>
    /// <returns>A non-negative count.</returns>
    public static long Poisson(Random random, double mean)
    {
        Debug.Assert(double.IsFinite(mean) && mean >= 0, "The Poisson mean must be finite and non-negative.");
        if (mean <= 0)
        {
            return 0;
        }

        return mean < PoissonRejectionThreshold ? PoissonByMultiplication(random, mean) : PoissonByRejection(random, mean);
    }

    /// <summary>Draws from Binomial(<paramref name="trials"/>, <paramref name="probability"/>).</summary>
    /// <param name="random">The source of uniforms.</param>
    /// <param name="trials">The number of trials, non-negative.</param>
    /// <param name="probability">The success probability, in [0, 1].</param>
    /// <returns>The number of successes, in [0, trials].</returns>
    public static long Binomial(Random random, long trials, double probability)
    {
        Debug.Assert(trials >= 0 && probability >= 0 && probability <= 1, "Binomial parameters out of range.");
        if (trials == 0 || probability <= 0)
        {
            return 0;
        }

        if (probability >= 1)
        {
            return trials;
        }

        // Both methods below want p <= 1/2; the count of failures is binomial with the complementary probability.
        if (probability > 0.5)
        {
            return trials - Binomial(random, trials, 1 - probability);
        }

        return trials * probability < BinomialRejectionThreshold
            ? BinomialByInversion(random, trials, probability)
            : BinomialByRejection(random, trials, probability);
    }

    /// <summary>Gets ln(<paramref name="k"/>!).</summary>
    /// <param name="k">A non-negative integer.</param>
    /// <returns>The natural logarithm of k factorial.</returns>
    public static double LogFactorial(long k)
    {
        if (k < LogFactorialTableSize)
        {
            return s_logFactorials[k];
        }

        // Stirling's series for ln Γ(x) at x = k + 1; past 256 the first omitted term is below 1e-20.
        double x = k + 1.0;
        double inverse = 1.0 / x;
        double inverseSquared = inverse * inverse;
        double series = inverse * (1.0 / 12 - (inverseSquared * (1.0 / 360 - (inverseSquared / 1260))));
        return ((x - 0.5) * Math.Log(x)) - x + s_halfLogTwoPi + series;
    }

    private static long PoissonByMultiplication(Random random, double mean)
    {
        // The number of uniforms whose running product stays above e^-mean is Poisson(mean).
        double limit = Math.Exp(-mean);
        double product = random.NextDouble();
        long count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    private static long PoissonByRejection(Random random, double mean)
    {
        double rootMean = Math.Sqrt(mean);
        double logMean = Math.Log(mean);
        double b = 0.931 + (2.53 * rootMean);
        double a = -0.059 + (0.02483 * b);
        double logInverseAlpha = Math.Log(1.1239 + (1.1328 / (b - 3.4)));
        double squeeze = 0.9277 - (3.6224 / (b - 2));

        while (true)
        {
            double u = random.NextDouble() - 0.5;
            double v = random.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double candidate = Math.Floor((((2 * a / us) + b) * u) + mean + 0.43);

            if (us >= 0.07 && v <= squeeze)
            {
                return (long)candidate;
            }

            if (candidate < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            long k = (long)candidate;
            double lhs = Math.Log(v) + logInverseAlpha - Math.Log((a / (us * us)) + b);
            double rhs = -mean + (k * logMean) - LogFactorial(k);
            if (lhs <= rhs)
            {
                return k;
            }
        }
    }

    private static long BinomialByInversion(Random random, long trials, double probability)
    {
        double q = 1 - probability;
        double ratio = probability / q;
        double scale = (trials + 1) * ratio;
        double first = Math.Pow(q, trials);

        while (true)
        {
            // Walk the cumulative distribution from 0 with the pmf recurrence P(x) = P(x−1)·((n+1)/x − 1)·p/q.
            double u = random.NextDouble();
            double mass = first;
            long x = 0;
            while (u > mass && x < trials)
            {
                u -= mass;
                x++;
                mass *= (scale / x) - ratio;
            }

            // Rounding can leave u above the last mass; drawing again keeps the distribution exact.
            if (u <= mass)
            {
                return x;
            }
        }
    }

    private static long BinomialByRejection(Random random, long trials, double probability)
    {
        double q = 1 - probability;
        double spread = Math.Sqrt(trials * probability * q);
        double b = 1.15 + (2.53 * spread);
        double a = -0.0873 + (0.0248 * b) + (0.01 * probability);
        double c = (trials * probability) + 0.5;
        double squeeze = 0.92 - (4.2 / b);
        double alpha = (2.83 + (5.1 / b)) * spread;
        double logOdds = Math.Log(probability / q);
        long mode = (long)Math.Floor((trials + 1) * probability);
        double logPeak = LogFactorial(mode) + LogFactorial(trials - mode);

        while (true)
        {
            double u = random.NextDouble() - 0.5;
            double v = random.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double candidate = Math.Floor((((2 * a / us) + b) * u) + c);
            if (candidate < 0 || candidate > trials)
            {
                continue;
            }

            long k = (long)candidate;
            if (us >= 0.07 && v <= squeeze)
            {
                return k;
            }

            double lhs = Math.Log(v * alpha / ((a / (us * us)) + b));
            double rhs = logPeak - LogFactorial(k) - LogFactorial(trials - k) + ((k - mode) * logOdds);
            if (lhs <= rhs)
            {
                return k;
            }
        }
    }

    private static double[] BuildLogFactorials()
    {
        var table = new double[LogFactorialTableSize];
        for (int k = 2; k < table.Length; k++)
        {
            table[k] = table[k - 1] + Math.Log(k);
        }

        return table;
    }
}

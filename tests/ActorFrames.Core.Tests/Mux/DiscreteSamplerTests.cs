using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

public sealed class DiscreteSamplerTests
{
    private const int Draws = 40_000;

    [Theory]
    [InlineData(0.5)]
    [InlineData(3)]
    [InlineData(9.9)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(255)]
    [InlineData(100_000)]
    public void Poisson_ManyDraws_MatchMeanAndVariance(double mean)
    {
        var random = new Random(1234);
        (double sampleMean, double sampleVariance) = Moments(() => DiscreteSampler.Poisson(random, mean));

        // Five standard errors of the mean; the variance within 5 %.
        Assert.InRange(sampleMean, mean - (5 * Math.Sqrt(mean / Draws)), mean + (5 * Math.Sqrt(mean / Draws)));
        Assert.InRange(sampleVariance, mean * 0.95, mean * 1.05);
    }

    [Theory]
    [InlineData(5, 0.3)]
    [InlineData(30, 0.2)]
    [InlineData(50, 0.5)]
    [InlineData(1000, 0.3)]
    [InlineData(1000, 0.9)]
    [InlineData(100_000, 0.001)]
    [InlineData(2_000_000, 0.4)]
    public void Binomial_ManyDraws_MatchMeanAndVariance(long trials, double probability)
    {
        var random = new Random(99);
        double mean = trials * probability;
        double variance = mean * (1 - probability);
        (double sampleMean, double sampleVariance) = Moments(() =>
        {
            long draw = DiscreteSampler.Binomial(random, trials, probability);
            Assert.InRange(draw, 0, trials);
            return draw;
        });

        Assert.InRange(sampleMean, mean - (5 * Math.Sqrt(variance / Draws)), mean + (5 * Math.Sqrt(variance / Draws)));
        Assert.InRange(sampleVariance, variance * 0.95, variance * 1.05);
    }

    [Fact]
    public void Poisson_RejectionRegime_FollowsTheProbabilityMassFunction()
    {
        const double Mean = 15;
        var random = new Random(7);
        var counts = new int[64];
        for (int i = 0; i < 200_000; i++)
        {
            counts[Math.Min(DiscreteSampler.Poisson(random, Mean), 63)]++;
        }

        for (int k = 5; k <= 25; k++)
        {
            double expected = Math.Exp((k * Math.Log(Mean)) - Mean - DiscreteSampler.LogFactorial(k)) * 200_000;
            Assert.InRange(counts[k], expected - (5 * Math.Sqrt(expected)) - 1, expected + (5 * Math.Sqrt(expected)) + 1);
        }
    }

    [Fact]
    public void Binomial_EdgeProbabilities_AreExact()
    {
        var random = new Random(1);

        Assert.Equal(0, DiscreteSampler.Binomial(random, 10, 0));
        Assert.Equal(10, DiscreteSampler.Binomial(random, 10, 1));
        Assert.Equal(0, DiscreteSampler.Binomial(random, 0, 0.5));
        Assert.Equal(0, DiscreteSampler.Poisson(random, 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(1000)]
    public void LogFactorial_MatchesTheSumOfLogarithms(int k)
    {
        double expected = 0;
        for (int i = 2; i <= k; i++)
        {
            expected += Math.Log(i);
        }

        Assert.Equal(expected, DiscreteSampler.LogFactorial(k), 1e-9 * Math.Max(1, expected));
    }

    private static (double Mean, double Variance) Moments(Func<long> draw)
    {
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < Draws; i++)
        {
            double value = draw();
            sum += value;
            sumSquares += value * value;
        }

        double mean = sum / Draws;
        return (mean, (sumSquares / Draws) - (mean * mean));
    }
}

using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

public sealed class ShuffledMuxTests
{
    [Fact]
    public void Iterate_Weights_ProportionsWithinFiveHundredthsOverAThousandSamples()
    {
        double[] weights = [0.5, 0.3, 0.2];
        var mux = new ShuffledMux<int>([TestStreams.Repeat(0), TestStreams.Repeat(1), TestStreams.Repeat(2)], weights, seed: 123);

        var counts = new int[3];
        foreach (int item in mux.WithMaxItems(1000).Iterate())
        {
            counts[item]++;
        }

        for (int i = 0; i < weights.Length; i++)
        {
            double share = counts[i] / 1000.0;
            Assert.True(Math.Abs(share - weights[i]) <= 0.05, $"Stream {i}: expected a share of {weights[i]} ± 0.05, got {share}.");
        }
    }

    [Fact]
    public void Iterate_FiniteStreams_RestartsThem()
    {
        var tracker = new OpenIterationTracker(2);
        var mux = new ShuffledMux<char>([tracker.Track(0, () => "ab"), tracker.Track(1, () => "c")], seed: 1);

        string items = new([.. mux.WithMaxItems(300).Iterate()]);

        Assert.Equal(300, items.Length);
        Assert.True(tracker.Opened(0) > 10 && tracker.Opened(1) > 10, "Expected finite streams to be restarted.");
        Assert.True(tracker.MaxOpen(0) <= 1 && tracker.MaxOpen(1) <= 1);
    }

    [Fact]
    public void Iterate_UnweightedStreams_SampleEvenly()
    {
        var mux = new ShuffledMux<int>([TestStreams.Repeat(0), TestStreams.Repeat(1)], seed: 9);

        double share = mux.WithMaxItems(2000).Iterate().Count(item => item == 0) / 2000.0;

        Assert.InRange(share, 0.45, 0.55);
    }

    [Fact]
    public void Iterate_ZeroWeight_NeverSamplesThatStream()
    {
        var mux = new ShuffledMux<int>([TestStreams.Repeat(0), TestStreams.Repeat(1)], [0, 1], seed: 9);

        Assert.All(mux.WithMaxItems(200).Iterate(), item => Assert.Equal(1, item));
    }

    [Fact]
    public void Iterate_SameSeed_SameSequence()
    {
        var mux = new ShuffledMux<char>(TestStreams.Of("ab", "cde"), seed: 77);

        Assert.Equal(mux.WithMaxItems(100).Iterate(), mux.WithMaxItems(100).Iterate());
        Assert.Equal(mux.WithMaxItems(100).Iterate(), new ShuffledMux<char>(TestStreams.Of("ab", "cde"), seed: 77).WithMaxItems(100).Iterate());
    }

    [Fact]
    public void Constructor_WrongWeightCount_ThrowsNamingWeights()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ShuffledMux<char>(TestStreams.Of("a", "b"), [1]));

        Assert.Equal("weights", error.ParamName);
        Assert.Contains("Weights has 1 entries but there are 2 streams", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_AllZeroWeights_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ShuffledMux<char>(TestStreams.Of("a", "b"), [0, 0]));

        Assert.Equal("weights", error.ParamName);
        Assert.Contains("no positive value", error.Message, StringComparison.Ordinal);
    }
}

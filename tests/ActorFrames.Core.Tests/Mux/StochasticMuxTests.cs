using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

public sealed class StochasticMuxTests
{
    [Fact]
    public void Iterate_SameSeed_SameSequenceAcrossInstancesAndReiterations()
    {
        StochasticMuxOptions options = Options(seed: 42);
        var first = new StochasticMux<char>(TestStreams.Of("aaaa", "bbbbbb", "cc", "ddddddd"), options);
        var second = new StochasticMux<char>(TestStreams.Of("aaaa", "bbbbbb", "cc", "ddddddd"), options);

        string once = Take(first, 200);
        Assert.Equal(once, Take(first, 200));
        Assert.Equal(once, Take(second, 200));
    }

    [Fact]
    public void Iterate_DifferentSeeds_DifferentSequences()
    {
        string seeded42 = Take(new StochasticMux<char>(TestStreams.Of("aaaa", "bbbbbb", "cc", "ddddddd"), Options(seed: 42)), 200);
        string seeded43 = Take(new StochasticMux<char>(TestStreams.Of("aaaa", "bbbbbb", "cc", "ddddddd"), Options(seed: 43)), 200);

        Assert.NotEqual(seeded42, seeded43);
    }

    [Fact]
    public async Task GetAsyncEnumerator_SameSeed_SameSequenceAsTheSynchronousPath()
    {
        var synchronous = new StochasticMux<char>(TestStreams.Of("aaaa", "bbbbbb", "cc"), Options(seed: 8));
        var asynchronous = new StochasticMux<char>(
            [TestStreams.OfAsync("aaaa"), TestStreams.OfAsync("bbbbbb"), TestStreams.OfAsync("cc")], Options(seed: 8));

        Assert.True(synchronous.IsSynchronous);
        Assert.False(asynchronous.IsSynchronous);
        List<char> items = await TestStreams.DrainAsync(asynchronous.WithMaxItems(150), "150 items");
        Assert.Equal(Take(synchronous, 150), new string([.. items]));
    }

    [Fact]
    public void Iterate_IntegerAndFractionalWeights_GiveIdenticalSequences()
    {
        StochasticMuxOptions integers = Options(seed: 17);
        integers.Weights = [2, 1, 1];
        StochasticMuxOptions fractions = Options(seed: 17);
        fractions.Weights = [0.5, 0.25, 0.25];

        Assert.Equal(
            Take(new StochasticMux<char>(TestStreams.Of("aaa", "bbbb", "c"), integers), 500),
            Take(new StochasticMux<char>(TestStreams.Of("aaa", "bbbb", "c"), fractions), 500));
    }

    [Fact]
    public void Iterate_SingleActive_NeverOpensTwoIterationsOfOneStream()
    {
        var tracker = new OpenIterationTracker(5);
        var streams = new Streamer<int>[5];
        for (int i = 0; i < streams.Length; i++)
        {
            int length = i + 1;
            streams[i] = tracker.Track(i, () => Enumerable.Repeat(length, length * 3));
        }

        var mux = new StochasticMux<int>(
            streams, new StochasticMuxOptions { ActiveCount = 3, Rate = 4, Mode = StochasticMuxMode.SingleActive, Seed = 3 });

        Assert.Equal(10_000, mux.WithMaxItems(10_000).Iterate().Count());
        for (int i = 0; i < streams.Length; i++)
        {
            Assert.True(tracker.MaxOpen(i) <= 1, $"Stream {i} had {tracker.MaxOpen(i)} open iterations at once.");
            Assert.True(tracker.Opened(i) > 10, $"Stream {i} was activated only {tracker.Opened(i)} times; SingleActive revives retired streams.");
        }

        Assert.Equal(0, tracker.CurrentlyOpen);
    }

    [Fact]
    public void Iterate_WithReplacementAndMoreSlotsThanStreams_OpensOneStreamTwice()
    {
        // The counterpart of the SingleActive test: the tracker does see overlapping iterations when they happen.
        var tracker = new OpenIterationTracker(2);
        Streamer<int>[] streams = [tracker.Track(0, () => Enumerable.Repeat(0, 100)), tracker.Track(1, () => Enumerable.Repeat(1, 100))];
        var mux = new StochasticMux<int>(streams, new StochasticMuxOptions { ActiveCount = 4, Rate = 4, Seed = 3 });

        Assert.Equal(1000, mux.WithMaxItems(1000).Iterate().Count());
        Assert.True(Math.Max(tracker.MaxOpen(0), tracker.MaxOpen(1)) >= 2);
    }

    [Fact]
    public void Iterate_ExhaustiveWithoutRate_YieldsEveryItemOfEveryStreamOnce()
    {
        Streamer<int>[] streams = [.. Enumerable.Range(0, 5).Select(i => new Streamer<int>(() => Enumerable.Repeat(i, 7)))];
        var mux = new StochasticMux<int>(
            streams, new StochasticMuxOptions { ActiveCount = 2, Rate = null, Mode = StochasticMuxMode.Exhaustive, Seed = 1 });

        int[] counts = new int[5];
        foreach (int item in mux.Iterate())
        {
            counts[item]++;
        }

        Assert.Equal([7, 7, 7, 7, 7], counts);
    }

    [Fact]
    public void Iterate_ExhaustiveWithRate_ActivatesEachStreamOnceWithinItsBudget()
    {
        var tracker = new OpenIterationTracker(5);
        Streamer<int>[] streams = [.. Enumerable.Range(0, 5).Select(i => tracker.Track(i, () => Enumerable.Repeat(i, 50)))];
        var mux = new StochasticMux<int>(
            streams, new StochasticMuxOptions { ActiveCount = 2, Rate = 5, Distribution = BudgetDistribution.Constant, Mode = StochasticMuxMode.Exhaustive, Seed = 1 });

        int[] counts = new int[5];
        foreach (int item in mux.Iterate())
        {
            counts[item]++;
        }

        Assert.Equal([5, 5, 5, 5, 5], counts);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(1, tracker.Opened(i)));
    }

    [Fact]
    public void Iterate_BudgetLongerThanTheStream_ReplacesTheStreamWhenItEnds()
    {
        var mux = new StochasticMux<char>(
            [TestStreams.Of("abc")], new StochasticMuxOptions { ActiveCount = 1, Rate = 10, Distribution = BudgetDistribution.Constant, Seed = 1 });

        Assert.Equal("abcabcabca", Take(mux, 10));
    }

    [Fact]
    public void Iterate_ConstantBudget_RetiresTheStreamAfterItsBudget()
    {
        var mux = new StochasticMux<char>(
            [TestStreams.Of("aaaaaaaaaa")], new StochasticMuxOptions { ActiveCount = 1, Rate = 3, Distribution = BudgetDistribution.Constant, Seed = 1 });
        var tracker = new OpenIterationTracker(1);
        var tracked = new StochasticMux<char>(
            [tracker.Track(0, () => "aaaaaaaaaa")], new StochasticMuxOptions { ActiveCount = 1, Rate = 3, Distribution = BudgetDistribution.Constant, Seed = 1 });

        Assert.Equal(9, Take(mux, 9).Length);
        Assert.Equal(9, Take(tracked, 9).Length);
        Assert.Equal(3, tracker.Opened(0));
    }

    [Fact]
    public void Iterate_PruneEmpty_ActivatesAnEmptyStreamOnlyOnce()
    {
        var tracker = new OpenIterationTracker(2);
        Streamer<int>[] streams = [tracker.Track(0, Array.Empty<int>), tracker.Track(1, () => Enumerable.Repeat(1, 5))];
        var mux = new StochasticMux<int>(streams, new StochasticMuxOptions { ActiveCount = 1, Rate = 2, PruneEmpty = true, Seed = 4 });

        Assert.Equal(500, mux.WithMaxItems(500).Iterate().Count());
        Assert.True(tracker.Opened(0) <= 1, $"The empty stream was activated {tracker.Opened(0)} times.");
    }

    [Fact]
    public void Iterate_Weights_BiasWhichActiveStreamIsSampled()
    {
        // Both streams always active (no budget), so proportions come from sampling alone.
        var mux = new StochasticMux<int>(
            [TestStreams.Repeat(0), TestStreams.Repeat(1)],
            new StochasticMuxOptions { ActiveCount = 2, Rate = null, Mode = StochasticMuxMode.SingleActive, Weights = [3, 1], Seed = 6 });

        double share = mux.WithMaxItems(4000).Iterate().Count(item => item == 0) / 4000.0;
        Assert.InRange(share, 0.72, 0.78);
    }

    [Fact]
    public void Iterate_NestedMuxes_YieldEveryItem()
    {
        var inner1 = new RoundRobinMux<char>(TestStreams.Of("ab", "cd"));
        var inner2 = new ChainMux<char>(TestStreams.Of("ef", "g"));
        var inner3 = new StochasticMux<char>(
            TestStreams.Of("hi", "jk"), new StochasticMuxOptions { ActiveCount = 2, Rate = null, Mode = StochasticMuxMode.Exhaustive, Seed = 1 });
        var outer = new StochasticMux<char>(
            [inner1, inner2, inner3], new StochasticMuxOptions { ActiveCount = 2, Rate = null, Mode = StochasticMuxMode.Exhaustive, Seed = 2 });

        Assert.True(outer.IsSynchronous);
        Assert.Equal("abcdefghijk", new string([.. outer.Iterate().Order()]));
    }

    [Fact]
    public async Task GetAsyncEnumerator_ConcurrentIterations_AreIndependent()
    {
        var mux = new StochasticMux<char>(
            [TestStreams.OfAsync("aaa"), TestStreams.OfAsync("bbbb")],
            new StochasticMuxOptions { ActiveCount = 2, Rate = null, Mode = StochasticMuxMode.Exhaustive, Seed = 5 });

        List<char>[] runs = await Task.WhenAll(
            TestStreams.DrainAsync(mux, "run 1 to end"), TestStreams.DrainAsync(mux, "run 2 to end"));

        Assert.Equal(runs[0], runs[1]);
        Assert.Equal("aaabbbb", new string([.. runs[0].Order()]));
    }

    [Fact]
    public void Iterate_StreamThrows_PropagatesAndClosesTheOtherStreams()
    {
        var tracker = new OpenIterationTracker(2);
        Streamer<int>[] streams = [tracker.Track(0, () => Enumerable.Repeat(0, 1000)), tracker.Track(1, Failing)];
        var mux = new StochasticMux<int>(streams, new StochasticMuxOptions { ActiveCount = 2, Rate = null, Mode = StochasticMuxMode.Exhaustive, Seed = 1 });

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => mux.Iterate().Count());
        Assert.Equal("source failed", error.Message);
        Assert.Equal(0, tracker.CurrentlyOpen);

        static IEnumerable<int> Failing()
        {
            yield return 1;
            throw new InvalidOperationException("source failed");
        }
    }

    private static StochasticMuxOptions Options(int seed) => new() { ActiveCount = 2, Rate = 3, Seed = seed };

    private static string Take(Streamer<char> mux, int count) => new([.. mux.WithMaxItems(count).Iterate()]);
}

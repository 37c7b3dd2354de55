using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

public sealed class RoundRobinMuxTests
{
    [Fact]
    public void Iterate_Exhaustive_TakesOneItemFromEachStreamInTurn()
    {
        var mux = new RoundRobinMux<char>(TestStreams.Of("ab", "cde", "fghi"));

        Assert.Equal("acfbdgehi", new string([.. mux.Iterate()]));
    }

    [Fact]
    public async Task GetAsyncEnumerator_Exhaustive_TakesOneItemFromEachStreamInTurn()
    {
        var mux = new RoundRobinMux<char>([TestStreams.OfAsync("ab"), TestStreams.OfAsync("cde"), TestStreams.OfAsync("fghi")]);

        Assert.Equal("acfbdgehi", new string([.. await TestStreams.DrainAsync(mux, "the round robin to end")]));
    }

    [Fact]
    public void Iterate_Cycle_RestartsAllStreamsWhenAllHaveEnded()
    {
        var mux = new RoundRobinMux<char>(TestStreams.Of("ab", "c"), RoundRobinMode.Cycle);

        Assert.Equal("acbacbac", new string([.. mux.WithMaxItems(8).Iterate()]));
    }

    [Fact]
    public void Iterate_PermutedCycle_EachPassIsAPermutationAndSeedsReplay()
    {
        var mux = new RoundRobinMux<char>(TestStreams.Of("a", "b", "c", "d"), RoundRobinMode.PermutedCycle, seed: 3);

        string items = new([.. mux.WithMaxItems(400).Iterate()]);

        for (int pass = 0; pass < 100; pass++)
        {
            Assert.Equal("abcd", new string([.. items.Substring(pass * 4, 4).Order()]));
        }

        Assert.True(items.Chunk(4).Select(chunk => new string(chunk)).Distinct().Count() > 1, "Expected the order to change between passes.");
        Assert.Equal(items, new string([.. mux.WithMaxItems(400).Iterate()]));
    }

    [Fact]
    public void Iterate_SomeEmptyStreams_SkipsThem()
    {
        var mux = new RoundRobinMux<char>(TestStreams.Of("", "ab", "", "c"));

        Assert.Equal("acb", new string([.. mux.Iterate()]));
    }

    [Fact]
    public void Constructor_UndefinedMode_Throws()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new RoundRobinMux<char>([TestStreams.Of("a")], (RoundRobinMode)5));

        Assert.Equal("mode", error.ParamName);
    }

    [Fact]
    public void Constructor_NoStreams_Throws()
    {
        Assert.Equal("streams", Assert.Throws<ArgumentException>(() => new RoundRobinMux<char>([])).ParamName);
    }
}

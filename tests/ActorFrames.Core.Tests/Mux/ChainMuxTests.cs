using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

public sealed class ChainMuxTests
{
    [Fact]
    public void Iterate_Exhaustive_RunsEachStreamToItsEndInOrder()
    {
        Assert.Equal("abcdef", new string([.. new ChainMux<char>(TestStreams.Of("abc", "def")).Iterate()]));
    }

    [Fact]
    public async Task GetAsyncEnumerator_Exhaustive_RunsEachStreamToItsEndInOrder()
    {
        var mux = new ChainMux<char>([TestStreams.OfAsync("abc"), TestStreams.Of("def")]);

        Assert.Equal("abcdef", new string([.. await TestStreams.DrainAsync(mux, "the chain to end")]));
    }

    [Fact]
    public void Iterate_Cycle_StartsAgainAfterTheLastStream()
    {
        var mux = new ChainMux<char>(TestStreams.Of("abc", "def"), ChainMode.Cycle);

        Assert.Equal("abcdefabcdefab", new string([.. mux.WithMaxItems(14).Iterate()]));
    }

    [Fact]
    public async Task GetAsyncEnumerator_LazySequence_CreatesStreamsOnlyWhenReached()
    {
        int created = 0;
        var mux = new ChainMux<char>(Generate());

        Assert.False(mux.IsSynchronous);
        Assert.Equal(0, created);
        List<char> firstFour = await TestStreams.DrainAsync(mux, "four items", maxItems: 4);

        Assert.Equal("aaab", new string([.. firstFour]));
        Assert.Equal(2, created);

        IEnumerable<Streamer<char>> Generate()
        {
            for (int i = 0; i < 3; i++)
            {
                created++;
                yield return TestStreams.Of(new string((char)('a' + i), 3));
            }
        }
    }

    [Fact]
    public void Iterate_MaterialisedSynchronousStreams_IsSynchronous()
    {
        Assert.True(new ChainMux<char>(TestStreams.Of("a", "b")).IsSynchronous);
        Assert.False(new ChainMux<char>([TestStreams.Of("a"), TestStreams.OfAsync("b")]).IsSynchronous);
    }

    [Fact]
    public async Task GetAsyncEnumerator_NullStreamInSequence_FailsNamingItsIndex()
    {
        var mux = new ChainMux<char>([TestStreams.Of("a"), null!]);

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestStreams.DrainAsync(mux, "a failure"));
        Assert.Contains("Stream 1 of the chain is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UndefinedMode_Throws()
    {
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(() => new ChainMux<char>([TestStreams.Of("a")], (ChainMode)3)).ParamName);
    }
}

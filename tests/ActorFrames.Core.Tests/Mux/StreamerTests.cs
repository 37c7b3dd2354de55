using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

public sealed class StreamerTests
{
    [Fact]
    public void Iterate_EachEnumeration_CallsTheFactoryAfresh()
    {
        int calls = 0;
        var streamer = new Streamer<int>(() =>
        {
            calls++;
            return [calls, calls];
        });

        Assert.Equal([1, 1], streamer.Iterate());
        Assert.Equal([2, 2], streamer.Iterate());
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task GetAsyncEnumerator_EachIteration_StartsTheSourceAfresh()
    {
        Streamer<char> streamer = TestStreams.OfAsync("abc");

        List<char> first = await TestStreams.DrainAsync(streamer, "the first pass to end");
        List<char> second = await TestStreams.DrainAsync(streamer, "the second pass to end");

        Assert.Equal("abc", new string([.. first]));
        Assert.Equal("abc", new string([.. second]));
    }

    [Fact]
    public void Iterate_TwoInterleavedIterations_AreIndependent()
    {
        Streamer<int> streamer = TestStreams.Range(0, 4);
        using IEnumerator<int> left = streamer.Iterate().GetEnumerator();
        using IEnumerator<int> right = streamer.Iterate().GetEnumerator();
        var leftItems = new List<int>();
        var rightItems = new List<int>();

        while (true)
        {
            bool leftMoved = left.MoveNext();
            if (leftMoved)
            {
                leftItems.Add(left.Current);
            }

            bool rightMoved = right.MoveNext();
            if (rightMoved)
            {
                rightItems.Add(right.Current);
            }

            if (!leftMoved && !rightMoved)
            {
                break;
            }
        }

        Assert.Equal([0, 1, 2, 3], leftItems);
        Assert.Equal([0, 1, 2, 3], rightItems);
    }

    [Fact]
    public async Task GetAsyncEnumerator_ConcurrentIterations_AreIndependent()
    {
        Streamer<char> streamer = TestStreams.OfAsync("abcdef");

        List<char>[] results = await Task.WhenAll(
            TestStreams.DrainAsync(streamer, "iteration 1 to end"),
            TestStreams.DrainAsync(streamer, "iteration 2 to end"),
            TestStreams.DrainAsync(streamer, "iteration 3 to end"));

        Assert.All(results, items => Assert.Equal("abcdef", new string([.. items])));
    }

    [Fact]
    public void WithMaxItems_InfiniteSource_StopsAtTheBound()
    {
        Assert.Equal([7, 7, 7], TestStreams.Repeat(7).WithMaxItems(3).Iterate());
        Assert.Empty(TestStreams.Repeat(7).WithMaxItems(0).Iterate());
    }

    [Fact]
    public void WithMaxItems_SourceShorterThanTheBound_YieldsTheWholeSource()
    {
        Assert.Equal("ab", new string([.. TestStreams.Of("ab").WithMaxItems(10).Iterate()]));
    }

    [Fact]
    public void WithMaxItems_Negative_Throws()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => TestStreams.Of("ab").WithMaxItems(-1));
        Assert.Equal("maxItems", error.ParamName);
    }

    [Fact]
    public void WithMaxItems_DoesNotPullAnItemBeyondTheBound()
    {
        int produced = 0;
        var streamer = new Streamer<int>(() => Count());

        Assert.Equal([1, 2], streamer.WithMaxItems(2).Iterate());
        Assert.Equal(2, produced);

        IEnumerable<int> Count()
        {
            while (true)
            {
                yield return ++produced;
            }
        }
    }

    [Fact]
    public void Cycle_FiniteSource_RestartsOnExhaustion()
    {
        Assert.Equal("abababa", new string([.. TestStreams.Of("ab").Cycle().WithMaxItems(7).Iterate()]));
    }

    [Fact]
    public async Task Cycle_EmptySource_Ends()
    {
        List<int> items = await TestStreams.DrainAsync(TestStreams.EmptyAsync().Cycle(), "a cycled empty source to end");
        Assert.Empty(items);
    }

    [Fact]
    public void Cycle_SourceThatRunsDry_EndsAfterTheFirstEmptyPass()
    {
        int passes = 0;
        var streamer = new Streamer<int>(() => ++passes <= 2 ? [passes] : []);

        Assert.Equal([1, 2], streamer.Cycle().Iterate());
        Assert.Equal(3, passes);
    }

    [Fact]
    public void Iterate_AsynchronousSource_ThrowsInvalidOperation()
    {
        Streamer<char> streamer = TestStreams.OfAsync("ab");

        Assert.False(streamer.IsSynchronous);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => streamer.Iterate());
        Assert.Contains("asynchronous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsyncEnumerator_SynchronousSource_IsReadableAsynchronously()
    {
        Streamer<char> streamer = TestStreams.Of("xyz");

        Assert.True(streamer.IsSynchronous);
        Assert.Equal("xyz", new string([.. await TestStreams.DrainAsync(streamer, "the pass to end")]));
    }

    [Fact]
    public void Iterate_FactoryReturnsNull_ThrowsInvalidOperation()
    {
        var streamer = new Streamer<int>(() => (IEnumerable<int>)null!);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => streamer.Iterate().ToList());
        Assert.Contains("returned null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsyncEnumerator_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (int item in TestStreams.Repeat(1).WithCancellation(cancellation.Token))
            {
                Assert.Fail($"No item was expected after cancellation, got {item}.");
            }
        });
    }
}

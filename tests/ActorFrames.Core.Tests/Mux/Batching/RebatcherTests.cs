using ActorFrames.Mux;
using ActorFrames.Mux.Batching;

namespace ActorFrames.Tests.Mux.Batching;

public sealed class RebatcherTests
{
    [Fact]
    public void Rebatch_Concatenate_CutsRowsIntoFixedSizeBatchesInOrder()
    {
        Batch[] input = BatchSamples.Sequence([3, 5, 1, 7]);

        List<Batch> output = [.. BatchSamples.Stream(input).Rebatch(new RebatchOptions { BatchSize = 4 }).Iterate()];

        Assert.Equal([4, 4, 4, 4], output.Select(batch => batch.RowCount));
        Assert.Equal(Enumerable.Range(0, 16), BatchSamples.Ids(output));
    }

    [Theory]
    [InlineData(true, new[] { 4, 4, 1 })]
    [InlineData(false, new[] { 4, 4 })]
    public void Rebatch_PartialTail_IsKeptOrDroppedByOption(bool keepPartial, int[] expectedSizes)
    {
        Batch[] input = BatchSamples.Sequence([6, 3]);

        List<Batch> output = [.. BatchSamples.Stream(input).Rebatch(new RebatchOptions { BatchSize = 4, KeepPartial = keepPartial }).Iterate()];

        Assert.Equal(expectedSizes, output.Select(batch => batch.RowCount));
        Assert.Equal(Enumerable.Range(0, expectedSizes.Sum()), BatchSamples.Ids(output));
    }

    [Fact]
    public void Rebatch_Stack_MakesEachItemOneRow()
    {
        Batch[] input = BatchSamples.Sequence([2, 2, 2, 2, 2]);

        List<Batch> output = [.. BatchSamples.Stream(input).Rebatch(new RebatchOptions { BatchSize = 2, Mode = RebatchMode.Stack, KeepPartial = true }).Iterate()];

        Assert.Equal([2, 2, 1], output.Select(batch => batch.RowCount));
        BatchColumn<float> x = output[1].GetColumn<float>("x");
        Assert.Equal([2, 2, 3], x.RowShape.ToArray());
        Assert.Equal([2], output[1]["id"].RowShape.ToArray());
        Assert.Equal([4, 5], output[1].GetColumn<int>("id").GetRow(0).ToArray());
        Assert.Equal(60f, x.GetRow(1)[0]);
    }

    [Fact]
    public void Rebatch_StackedItemsOfDifferentShapes_FailsNamingTheItem()
    {
        Batch[] input = BatchSamples.Sequence([2, 3]);
        Streamer<Batch> stacked = BatchSamples.Stream(input).Rebatch(new RebatchOptions { BatchSize = 2, Mode = RebatchMode.Stack });

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => stacked.Iterate().ToList());
        Assert.Contains("Item 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("shape [3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebatch_NonBatchItem_FailsNamingTheItemAndItsType()
    {
        object[] items = [BatchSamples.Rows(0, 2), BatchSamples.Rows(2, 2), "not a batch"];
        Streamer<Batch> rebatched = new Streamer<object>(() => items).Rebatch(new RebatchOptions { BatchSize = 3 });

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestStreams.DrainAsync(rebatched, "a failure"));
        Assert.Contains("Item 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("String", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a Batch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebatch_NullItem_Fails()
    {
        Streamer<Batch> rebatched = new Streamer<object>(() => new object[] { null! }).Rebatch(new RebatchOptions { BatchSize = 3 });

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => rebatched.Iterate().ToList());
        Assert.Contains("Item 0 of the stream is null", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Batch, string> Mismatches => new()
    {
        { "missing column", new Batch(BatchColumn.Create<int>("id", new int[2]), BatchColumn.Create<float>("y", new float[12], 2, 3)), "has no column 'x'" },
        { "other element type", new Batch(BatchColumn.Create<long>("id", new long[2]), BatchColumn.Create<float>("x", new float[12], 2, 3)), "holds Int64 in column 'id'" },
        { "other row shape", new Batch(BatchColumn.Create<int>("id", new int[2]), BatchColumn.Create<float>("x", new float[12], 3, 2)), "row shape [3, 2] in column 'x'" },
        { "extra column", new Batch(BatchColumn.Create<int>("id", new int[2]), BatchColumn.Create<float>("x", new float[12], 2, 3), BatchColumn.Create<int>("z", new int[2])), "has 3 columns" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void Rebatch_BatchNotMatchingTheFirst_FailsNamingItemAndColumn(string scenario, Batch second, string fragment)
    {
        Streamer<Batch> rebatched = BatchSamples.Stream([BatchSamples.Rows(0, 2), second]).Rebatch(new RebatchOptions { BatchSize = 3 });

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => rebatched.Iterate().ToList());
        Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"{scenario}: expected '{fragment}' in: {error.Message}");
        Assert.Contains("Item 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebatch_ColumnsInAnotherOrder_MatchByName()
    {
        Batch first = BatchSamples.Rows(0, 2);
        Batch reordered = BatchSamples.Rows(2, 2);
        reordered = new Batch(reordered["x"], reordered["id"]);

        List<Batch> output = [.. BatchSamples.Stream([first, reordered]).Rebatch(new RebatchOptions { BatchSize = 4 }).Iterate()];

        Assert.Equal([0, 1, 2, 3], BatchSamples.Ids(output));
    }

    [Fact]
    public void Rebatch_ReuseOutput_RefillsOneBatchObject()
    {
        Batch[] input = BatchSamples.Sequence([5, 5, 2]);
        var seen = new List<Batch>();
        var ids = new List<int>();

        foreach (Batch batch in BatchSamples.Stream(input).Rebatch(new RebatchOptions { BatchSize = 4, ReuseOutput = true, KeepPartial = true }).Iterate())
        {
            seen.Add(batch);
            ids.AddRange(BatchSamples.Ids([batch]));
        }

        Assert.Equal(3, seen.Count);
        Assert.All(seen, batch => Assert.Same(seen[0], batch));
        Assert.Equal(Enumerable.Range(0, 12), ids);
    }

    [Fact]
    public void Rebatch_FreshOutputs_StayValidAfterLaterOnes()
    {
        List<Batch> output = [.. BatchSamples.Stream(BatchSamples.Sequence([10])).Rebatch(new RebatchOptions { BatchSize = 3 }).Iterate()];

        Assert.Equal(3, output.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 9), BatchSamples.Ids(output));
    }

    [Fact]
    public void Rebatch_EmptyBatchesInTheStream_AreSkipped()
    {
        List<Batch> output = [.. BatchSamples.Stream(BatchSamples.Sequence([0, 2, 0, 0, 2, 0])).Rebatch(new RebatchOptions { BatchSize = 2 }).Iterate()];

        Assert.Equal([0, 1, 2, 3], BatchSamples.Ids(output));
    }

    [Fact]
    public void Rebatch_InvalidOptions_ThrowsAtConstruction()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => BatchSamples.Stream([]).Rebatch(new RebatchOptions { BatchSize = 0 }));

        Assert.Equal("options", error.ParamName);
        Assert.Contains("BatchSize is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_BeforeTakingAllOutputs_Throws()
    {
        var rebatcher = new Rebatcher(new RebatchOptions { BatchSize = 2 });
        rebatcher.Push(BatchSamples.Rows(0, 5));

        Assert.Throws<InvalidOperationException>(() => rebatcher.Push(BatchSamples.Rows(5, 1)));
    }

    [Fact]
    public void Rebatch_EachIteration_StartsAFreshRebatcher()
    {
        Streamer<Batch> rebatched = BatchSamples.Stream(BatchSamples.Sequence([3, 3])).Rebatch(new RebatchOptions { BatchSize = 4, KeepPartial = true });

        Assert.Equal(BatchSamples.Ids(rebatched.Iterate()), BatchSamples.Ids(rebatched.Iterate()));
    }
}

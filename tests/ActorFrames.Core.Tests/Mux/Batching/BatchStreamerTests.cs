using System.Collections.Immutable;
using ActorFrames.Mux;
using ActorFrames.Mux.Batching;

namespace ActorFrames.Tests.Mux.Batching;

public sealed class BatchStreamerTests
{
    [Fact]
    public void Tuples_TwoTypedColumns_YieldsThemPerBatch()
    {
        Streamer<Batch> batches = BatchSamples.Stream(BatchSamples.Sequence([2, 3]));

        var pairs = batches.Tuples<int, float>("id", "x").Iterate().ToList();

        Assert.Equal(2, pairs.Count);
        Assert.Equal([2, 3, 4], pairs[1].First.Span.ToArray());
        Assert.Equal(20f, pairs[1].Second.GetRow(0)[0]);
    }

    [Fact]
    public void Tuples_ThreeTypedColumns_YieldsThemInOrder()
    {
        byte[] a = [1];
        short[] b = [2];
        double[] c = [3.0];
        var batch = new Batch(BatchColumn.Create<byte>("a", a), BatchColumn.Create<short>("b", b), BatchColumn.Create<double>("c", c));

        var triple = new Streamer<Batch>(() => [batch]).Tuples<double, byte, short>("c", "a", "b").Iterate().Single();

        Assert.Equal(3.0, triple.First.Span[0]);
        Assert.Equal(1, triple.Second.Span[0]);
        Assert.Equal(2, triple.Third.Span[0]);
    }

    [Fact]
    public async Task Tuples_Untyped_YieldsTheChosenColumnsInOrder()
    {
        Streamer<Batch> batches = BatchSamples.Stream(BatchSamples.Sequence([2]));

        List<ImmutableArray<BatchColumn>> tuples = await TestStreams.DrainAsync(batches.Tuples("x", "id"), "the tuples to end");

        Assert.Equal(["x", "id"], tuples.Single().Select(column => column.Name));
    }

    [Fact]
    public void Tuples_MissingColumn_FailsTheIteration()
    {
        Streamer<Batch> batches = BatchSamples.Stream(BatchSamples.Sequence([2]));

        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => batches.Tuples<int, float>("id", "nope").Iterate().ToList());
        Assert.Contains("no column 'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tuples_RepeatedOrEmptyNames_ThrowAtConstruction()
    {
        Streamer<Batch> batches = BatchSamples.Stream([]);

        Assert.Contains("named twice", Assert.Throws<ArgumentException>(() => batches.Tuples("x", "x")).Message, StringComparison.Ordinal);
        Assert.Contains("is empty", Assert.Throws<ArgumentException>(() => batches.Tuples("x", string.Empty)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => batches.Tuples());
    }

    [Fact]
    public void Rebatch_OverAMux_ReBatchesTheInterleavedRows()
    {
        var mux = new RoundRobinMux<Batch>([BatchSamples.Stream([BatchSamples.Rows(0, 3)]), BatchSamples.Stream([BatchSamples.Rows(3, 2)])]);

        List<Batch> output = [.. mux.Rebatch(new RebatchOptions { BatchSize = 2, KeepPartial = true }).Iterate()];

        Assert.Equal([0, 1, 2, 3, 4], BatchSamples.Ids(output));
        Assert.Equal([2, 2, 1], output.Select(batch => batch.RowCount));
    }
}

using ActorFrames.Mux;
using ActorFrames.Mux.Batching;

namespace ActorFrames.Tests.Mux.Batching;

/// <summary>Batches whose rows carry their global row number, so tests can check order and completeness.</summary>
internal static class BatchSamples
{
    /// <summary>A batch with an int column "id" (one value per row) and a float column "x" of shape [2, 3] per row.</summary>
    public static Batch Rows(int first, int count)
    {
        var ids = new int[count];
        var features = new float[count * 6];
        for (int row = 0; row < count; row++)
        {
            ids[row] = first + row;
            for (int k = 0; k < 6; k++)
            {
                features[(row * 6) + k] = ((first + row) * 10) + k;
            }
        }

        return new Batch(BatchColumn.Create<int>("id", ids), BatchColumn.Create<float>("x", features, 2, 3));
    }

    /// <summary>Batches of the given row counts with consecutive row numbers.</summary>
    public static Batch[] Sequence(IEnumerable<int> rowCounts)
    {
        var batches = new List<Batch>();
        int next = 0;
        foreach (int count in rowCounts)
        {
            batches.Add(Rows(next, count));
            next += count;
        }

        return [.. batches];
    }

    public static Streamer<Batch> Stream(Batch[] batches) => new(() => batches);

    /// <summary>Checks that each row's features still belong to its id, and returns the ids in order.</summary>
    public static List<int> Ids(IEnumerable<Batch> batches)
    {
        var ids = new List<int>();
        foreach (Batch batch in batches)
        {
            BatchColumn<int> id = batch.GetColumn<int>("id");
            BatchColumn<float> x = batch.GetColumn<float>("x");
            Assert.Equal([2, 3], x.RowShape.ToArray());
            for (int row = 0; row < batch.RowCount; row++)
            {
                int value = id.GetRow(row)[0];
                Assert.Equal((value * 10) + 5, x.GetRow(row)[5]);
                ids.Add(value);
            }
        }

        return ids;
    }
}

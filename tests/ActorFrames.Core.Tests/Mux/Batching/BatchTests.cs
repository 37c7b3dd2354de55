using ActorFrames.Mux.Batching;

namespace ActorFrames.Tests.Mux.Batching;

public sealed class BatchTests
{
    [Fact]
    public void Constructor_ColumnsOfEverySupportedType_ExposesRowsAndShapes()
    {
        float[] floats = [1, 2, 3, 4, 5, 6];
        double[] doubles = [1, 2];
        int[] ints = [1, 2];
        long[] longs = [1, 2, 3, 4, 5, 6, 7, 8];
        short[] shorts = [1, 2];
        byte[] bytes = [1, 2];
        var batch = new Batch(
            BatchColumn.Create<float>("f", floats, 3),
            BatchColumn.Create<double>("d", doubles),
            BatchColumn.Create<int>("i", ints),
            BatchColumn.Create<long>("l", longs, 2, 2),
            BatchColumn.Create<short>("s", shorts),
            BatchColumn.Create<byte>("b", bytes));

        Assert.Equal(2, batch.RowCount);
        Assert.Equal([3], batch["f"].RowShape.ToArray());
        Assert.Equal(3, batch["f"].RowWidth);
        Assert.Equal([2, 2], batch["l"].RowShape.ToArray());
        Assert.Equal(4, batch["l"].RowWidth);
        Assert.Empty(batch["i"].RowShape);
        Assert.Equal(1, batch["i"].RowWidth);
        Assert.Equal([4f, 5f, 6f], batch.GetColumn<float>("f").GetRow(1).ToArray());
        Assert.Equal([5L, 6L, 7L, 8L], batch.GetColumn<long>("l").GetRow(1).ToArray());
        Assert.Equal(typeof(short), batch["s"].ElementType);
    }

    [Fact]
    public void FromArray_MultiDimensionalArray_FirstDimensionIsTheRow()
    {
        var values = new float[2, 3, 2];
        float next = 0;
        for (int r = 0; r < 2; r++)
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 2; j++)
                {
                    values[r, i, j] = next++;
                }
            }
        }

        BatchColumn<float> column = BatchColumn.FromArray<float>("X", values);

        Assert.Equal(2, column.RowCount);
        Assert.Equal([3, 2], column.RowShape.ToArray());
        Assert.Equal([6f, 7f, 8f, 9f, 10f, 11f], column.GetRow(1).ToArray());
    }

    [Fact]
    public void FromArray_WrongElementType_ThrowsNamingBothTypes()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => BatchColumn.FromArray<float>("X", new double[2, 2]));

        Assert.Contains("Double", error.Message, StringComparison.Ordinal);
        Assert.Contains("Single", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ValueCountNotAMultipleOfTheRowWidth_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => BatchColumn.Create<int>("X", new int[7], 3));

        Assert.Equal("values", error.ParamName);
        Assert.Contains("7 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("row width 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NonPositiveDimension_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => BatchColumn.Create<int>("X", new int[6], 3, 0));

        Assert.Equal("rowShape", error.ParamName);
        Assert.Contains("dimension 1 is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DifferentRowCounts_ThrowsNamingBothColumns()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new Batch(
            BatchColumn.Create<int>("X", new int[4]), BatchColumn.Create<int>("Y", new int[3])));

        Assert.Contains("'Y' has 3 rows but column 'X' has 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RepeatedName_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new Batch(
            BatchColumn.Create<int>("X", new int[2]), BatchColumn.Create<float>("X", new float[2])));

        Assert.Contains("'X' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoColumns_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Batch());
    }

    [Fact]
    public void Indexer_MissingColumn_ThrowsListingTheColumns()
    {
        var batch = new Batch(BatchColumn.Create<int>("X", new int[2]), BatchColumn.Create<int>("Y", new int[2]));

        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => batch["Z"]);
        Assert.Contains("no column 'Z'", error.Message, StringComparison.Ordinal);
        Assert.Contains("X, Y", error.Message, StringComparison.Ordinal);
        Assert.False(batch.TryGetColumn("Z", out _));
    }

    [Fact]
    public void GetColumn_WrongElementType_ThrowsInvalidCast()
    {
        var batch = new Batch(BatchColumn.Create<int>("X", new int[2]));

        InvalidCastException error = Assert.Throws<InvalidCastException>(() => batch.GetColumn<float>("X"));
        Assert.Contains("holds Int32 elements, not Single", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRow_OutOfRange_Throws()
    {
        BatchColumn<int> column = BatchColumn.Create<int>("X", new int[4], 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => column.GetRow(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => column.GetRow(-1));
    }
}

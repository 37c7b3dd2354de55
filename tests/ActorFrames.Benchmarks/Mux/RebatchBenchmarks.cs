using ActorFrames.Mux;
using ActorFrames.Mux.Batching;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Mux;

/// <summary>
/// Re-batching into 64-row batches (issue 4's target: 50 M rows/s). Rows carry 8 floats and an int label; the
/// input is a fixed set of pre-built batches, so only the re-batcher is measured. Each operation is one row.
/// </summary>
[MemoryDiagnoser]
public class RebatchBenchmarks
{
    private const int InputBatches = 4096;
    private const int RowsPerInput = 37;
    private const int ConcatenatedRows = InputBatches * RowsPerInput;
    private const int StackedRows = 65_536;

    private Streamer<Batch> _concatenate = null!;
    private Streamer<Batch> _concatenateReused = null!;
    private Streamer<Batch> _concatenateAsync = null!;
    private Streamer<Batch> _stack = null!;

    [GlobalSetup]
    public void Setup()
    {
        // 37-row inputs do not divide 64, so most outputs are assembled from two or three inputs.
        Batch[] inputs = [.. Enumerable.Range(0, InputBatches).Select(i => Rows(i * RowsPerInput, RowsPerInput))];
        Batch[] singles = [.. Enumerable.Range(0, StackedRows).Select(i => Rows(i, 1))];
        var source = new Streamer<Batch>(() => inputs);
        var singleSource = new Streamer<Batch>(() => singles);

        _concatenate = source.Rebatch(new RebatchOptions { BatchSize = 64 });
        _concatenateReused = source.Rebatch(new RebatchOptions { BatchSize = 64, ReuseOutput = true });
        _concatenateAsync = new Streamer<Batch>(() => AsAsync(inputs)).Rebatch(new RebatchOptions { BatchSize = 64, ReuseOutput = true });
        _stack = singleSource.Rebatch(new RebatchOptions { BatchSize = 64, Mode = RebatchMode.Stack, ReuseOutput = true });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ConcatenatedRows, Description = "Concatenate 37→64 rows, new batches")]
    public long Concatenate() => CountRows(_concatenate);

    [Benchmark(OperationsPerInvoke = ConcatenatedRows, Description = "Concatenate 37→64 rows, reused batch")]
    public long ConcatenateReused() => CountRows(_concatenateReused);

    [Benchmark(OperationsPerInvoke = ConcatenatedRows, Description = "Concatenate 37→64 rows, reused, async")]
    public async Task<long> ConcatenateReusedAsync()
    {
        long rows = 0;
        await foreach (Batch batch in _concatenateAsync)
        {
            rows += batch.RowCount;
        }

        return rows;
    }

    [Benchmark(OperationsPerInvoke = StackedRows, Description = "Stack 1-row items → 64 rows, reused")]
    public long Stack() => CountRows(_stack);

    private static long CountRows(Streamer<Batch> batches)
    {
        long rows = 0;
        foreach (Batch batch in batches.Iterate())
        {
            rows += batch.RowCount;
        }

        return rows;
    }

    private static Batch Rows(int first, int count)
    {
        var labels = new int[count];
        var features = new float[count * 8];
        for (int row = 0; row < count; row++)
        {
            labels[row] = first + row;
            features.AsSpan(row * 8, 8).Fill(first + row);
        }

        return new Batch(BatchColumn.Create<float>("X", features, 8), BatchColumn.Create<int>("Y", labels));
    }

#pragma warning disable CS1998 // A source that never waits: its cost is the async machinery alone.
    private static async IAsyncEnumerable<Batch> AsAsync(Batch[] batches)
    {
        foreach (Batch batch in batches)
        {
            yield return batch;
        }
    }
#pragma warning restore CS1998
}

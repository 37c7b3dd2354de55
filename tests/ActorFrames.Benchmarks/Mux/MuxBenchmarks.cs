using ActorFrames.Mux;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Mux;

/// <summary>
/// 100 streams of small items (ints), 10 active, Poisson budgets of mean 16 (issue 4's target: 4 M items/s, no
/// allocation per item). Each operation is one item: the mux is read <see cref="Items"/> items at a time.
/// </summary>
/// <remarks>
/// Each activation opens a fresh iteration of its stream (one enumerator or async state machine), so about
/// 1/16 of that allocation shows per item; the no-budget rows show the per-item path alone.
/// </remarks>
[MemoryDiagnoser]
public class MuxBenchmarks
{
    private const int Items = 1_000_000;
    private const int StreamCount = 100;

    private Streamer<int> _synchronous = null!;
    private Streamer<int> _asynchronous = null!;
    private Streamer<int> _synchronousUnbudgeted = null!;
    private Streamer<int> _asynchronousUnbudgeted = null!;
    private Streamer<int> _shuffled = null!;

    [GlobalSetup]
    public void Setup()
    {
        var synchronousStreams = new Streamer<int>[StreamCount];
        var asynchronousStreams = new Streamer<int>[StreamCount];
        for (int i = 0; i < StreamCount; i++)
        {
            int value = i;
            synchronousStreams[i] = new Streamer<int>(() => Repeat(value));
            asynchronousStreams[i] = new Streamer<int>(() => RepeatAsync(value));
        }

        var budgeted = new StochasticMuxOptions { ActiveCount = 10, Rate = 16, Distribution = BudgetDistribution.Poisson, Seed = 1 };
        var unbudgeted = new StochasticMuxOptions { ActiveCount = 10, Rate = null, Seed = 1 };
        _synchronous = new StochasticMux<int>(synchronousStreams, budgeted).WithMaxItems(Items);
        _asynchronous = new StochasticMux<int>(asynchronousStreams, budgeted).WithMaxItems(Items);
        _synchronousUnbudgeted = new StochasticMux<int>(synchronousStreams, unbudgeted).WithMaxItems(Items);
        _asynchronousUnbudgeted = new StochasticMux<int>(asynchronousStreams, unbudgeted).WithMaxItems(Items);
        _shuffled = new ShuffledMux<int>(synchronousStreams, seed: 1).WithMaxItems(Items);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Items, Description = "Stochastic k=10 rate=16, sync")]
    public long StochasticSynchronous() => Sum(_synchronous);

    [Benchmark(OperationsPerInvoke = Items, Description = "Stochastic k=10 rate=16, async")]
    public Task<long> StochasticAsynchronous() => SumAsync(_asynchronous);

    [Benchmark(OperationsPerInvoke = Items, Description = "Stochastic k=10 no budget, sync")]
    public long StochasticUnbudgetedSynchronous() => Sum(_synchronousUnbudgeted);

    [Benchmark(OperationsPerInvoke = Items, Description = "Stochastic k=10 no budget, async")]
    public Task<long> StochasticUnbudgetedAsynchronous() => SumAsync(_asynchronousUnbudgeted);

    [Benchmark(OperationsPerInvoke = Items, Description = "Shuffled 100 streams, sync")]
    public long Shuffled() => Sum(_shuffled);

    private static long Sum(Streamer<int> streamer)
    {
        long sum = 0;
        foreach (int item in streamer.Iterate())
        {
            sum += item;
        }

        return sum;
    }

    private static async Task<long> SumAsync(Streamer<int> streamer)
    {
        long sum = 0;
        await foreach (int item in streamer)
        {
            sum += item;
        }

        return sum;
    }

    private static IEnumerable<int> Repeat(int value)
    {
        while (true)
        {
            yield return value;
        }
    }

#pragma warning disable CS1998 // An infinite source that never waits: its cost is the async machinery alone.
    private static async IAsyncEnumerable<int> RepeatAsync(int value)
    {
        while (true)
        {
            yield return value;
        }
    }
#pragma warning restore CS1998
}

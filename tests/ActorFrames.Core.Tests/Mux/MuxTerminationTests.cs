using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

/// <summary>Every mux in every mode ends when all its streams are empty (pescador spins in several of these).</summary>
/// <remarks>Not run in parallel with other tests, so the one-second limit measures the mux, not a starved machine.</remarks>
[Collection(nameof(MuxTerminationTests))]
[CollectionDefinition(nameof(MuxTerminationTests), DisableParallelization = true)]
public sealed class MuxTerminationTests
{
    private const int Streams = 5;

    public static TheoryData<string> Modes =>
    [
        .. StochasticModes().Select(mode => mode.Name),
        "Shuffled",
        "RoundRobin.Exhaustive",
        "RoundRobin.Cycle",
        "RoundRobin.PermutedCycle",
        "Chain.Exhaustive",
        "Chain.Cycle",
        "Streamer.Cycle",
        "Nested",
    ];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task GetAsyncEnumerator_AllStreamsEmpty_EndsWithinOneSecond(string mode)
    {
        Streamer<int> mux = Build(mode, Enumerable.Range(0, Streams).Select(_ => TestStreams.EmptyAsync()).ToArray());

        List<int> items = await TestStreams.DrainAsync(mux, $"{mode} over empty streams to end", timeoutSeconds: 1);

        Assert.Empty(items);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Iterate_AllStreamsEmpty_EndsWithoutSpinning(string mode)
    {
        var tracker = new OpenIterationTracker(Streams, openLimit: 10_000);
        Streamer<int> mux = Build(mode, Enumerable.Range(0, Streams).Select(i => tracker.Track(i, Array.Empty<int>)).ToArray());

        Assert.Empty(mux.Iterate());
        Assert.Equal(0, tracker.CurrentlyOpen);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task GetAsyncEnumerator_StreamsThatRunDry_EndAfterTheirItems(string mode)
    {
        // Each source yields its items on its first iteration only, like a live source that has finished.
        var streams = new Streamer<int>[Streams];
        for (int i = 0; i < Streams; i++)
        {
            int id = i;
            int iterations = 0;
            streams[i] = new Streamer<int>(() => Interlocked.Increment(ref iterations) == 1 ? Enumerable.Repeat(id, 3) : []);
        }

        List<int> items = await TestStreams.DrainAsync(Build(mode, streams), $"{mode} over streams that run dry to end", timeoutSeconds: 1);

        Assert.InRange(items.Count, 1, Streams * 3);
    }

    private static IEnumerable<(string Name, StochasticMuxOptions Options)> StochasticModes()
    {
        foreach (StochasticMuxMode mode in Enum.GetValues<StochasticMuxMode>())
        {
            foreach (bool prune in new[] { true, false })
            {
                foreach (double? rate in new double?[] { null, 4 })
                {
                    string name = $"Stochastic.{mode}.prune={prune}.rate={rate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
                    yield return (name, new StochasticMuxOptions { ActiveCount = 2, Mode = mode, PruneEmpty = prune, Rate = rate, Seed = 1 });
                }
            }
        }
    }

    private static Streamer<int> Build(string mode, Streamer<int>[] streams) => mode switch
    {
        "Shuffled" => new ShuffledMux<int>(streams, seed: 1),
        "RoundRobin.Exhaustive" => new RoundRobinMux<int>(streams, RoundRobinMode.Exhaustive),
        "RoundRobin.Cycle" => new RoundRobinMux<int>(streams, RoundRobinMode.Cycle),
        "RoundRobin.PermutedCycle" => new RoundRobinMux<int>(streams, RoundRobinMode.PermutedCycle, seed: 1),
        "Chain.Exhaustive" => new ChainMux<int>(streams, ChainMode.Exhaustive),
        "Chain.Cycle" => new ChainMux<int>(streams, ChainMode.Cycle),
        "Streamer.Cycle" => new ChainMux<int>(streams).Cycle(),
        "Nested" => new StochasticMux<int>(
            [new ShuffledMux<int>(streams[..2], seed: 2), new RoundRobinMux<int>(streams[2..], RoundRobinMode.Cycle)],
            new StochasticMuxOptions { ActiveCount = 2, Mode = StochasticMuxMode.SingleActive, PruneEmpty = false, Rate = 3, Seed = 3 }),
        _ => new StochasticMux<int>(streams, StochasticModes().Single(candidate => candidate.Name == mode).Options),
    };
}

using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace ActorFrames.Mux;

/// <summary>
/// Takes one item from each stream in turn, skipping streams that have ended (pescador's RoundRobinMux): over
/// "ab", "cde" and "fghi" it yields "acfbdgehi". In the cycle modes a pass that yields nothing ends the mux, so
/// all-empty streams never spin.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class RoundRobinMux<T> : Streamer<T>
{
    private readonly ImmutableArray<Streamer<T>> _streams;
    private readonly RoundRobinMode _mode;
    private readonly int? _seed;
    private readonly bool _synchronous;

    /// <summary>Initializes a round-robin mux.</summary>
    /// <param name="streams">The streams, in turn order; at least one.</param>
    /// <param name="mode">What to do when every stream has ended.</param>
    /// <param name="seed">The seed of the permutations in <see cref="RoundRobinMode.PermutedCycle"/> (same seed, same orders on every iteration), or null for fresh ones.</param>
    /// <exception cref="ArgumentException">The streams are empty or hold null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not defined.</exception>
    public RoundRobinMux(IEnumerable<Streamer<T>> streams, RoundRobinMode mode = RoundRobinMode.Exhaustive, int? seed = null)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use Exhaustive, Cycle or PermutedCycle.");
        }

        _streams = CaptureStreams(streams, nameof(streams));
        _mode = mode;
        _seed = seed;
        _synchronous = AllSynchronous(_streams);
    }

    /// <inheritdoc />
    public override bool IsSynchronous => _synchronous;

    internal override IAsyncEnumerator<T> OpenAsync(CancellationToken cancellationToken) =>
        RunAsync(_streams, _mode, CreateRandom(), cancellationToken).GetAsyncEnumerator(cancellationToken);

    internal override IEnumerator<T> OpenSync() => Run(_streams, _mode, CreateRandom()).GetEnumerator();

    private static IEnumerable<T> Run(ImmutableArray<Streamer<T>> streams, RoundRobinMode mode, Random? random)
    {
        int[] order = NewOrder(streams.Length);
        var open = new IEnumerator<T>?[streams.Length];
        try
        {
            bool yielded;
            do
            {
                if (random is not null)
                {
                    random.Shuffle(order);
                }

                for (int turn = 0; turn < order.Length; turn++)
                {
                    open[turn] = streams[order[turn]].OpenSync();
                }

                yielded = false;
                int live = open.Length;
                while (live > 0)
                {
                    for (int turn = 0; turn < open.Length; turn++)
                    {
                        IEnumerator<T>? iteration = open[turn];
                        if (iteration is null)
                        {
                            continue;
                        }

                        if (iteration.MoveNext())
                        {
                            yielded = true;
                            yield return iteration.Current;
                        }
                        else
                        {
                            open[turn] = null;
                            live--;
                            iteration.Dispose();
                        }
                    }
                }
            }
            while (yielded && mode != RoundRobinMode.Exhaustive);
        }
        finally
        {
            foreach (IEnumerator<T>? iteration in open)
            {
                iteration?.Dispose();
            }
        }
    }

    private static async IAsyncEnumerable<T> RunAsync(
        ImmutableArray<Streamer<T>> streams, RoundRobinMode mode, Random? random, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int[] order = NewOrder(streams.Length);
        var open = new IAsyncEnumerator<T>?[streams.Length];
        try
        {
            bool yielded;
            do
            {
                if (random is not null)
                {
                    random.Shuffle(order);
                }

                for (int turn = 0; turn < order.Length; turn++)
                {
                    open[turn] = streams[order[turn]].OpenAsync(cancellationToken);
                }

                yielded = false;
                int live = open.Length;
                while (live > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    for (int turn = 0; turn < open.Length; turn++)
                    {
                        IAsyncEnumerator<T>? iteration = open[turn];
                        if (iteration is null)
                        {
                            continue;
                        }

                        if (await iteration.MoveNextAsync().ConfigureAwait(false))
                        {
                            yielded = true;
                            yield return iteration.Current;
                        }
                        else
                        {
                            open[turn] = null;
                            live--;
                            await iteration.DisposeAsync().ConfigureAwait(false);
                        }
                    }
                }
            }
            while (yielded && mode != RoundRobinMode.Exhaustive);
        }
        finally
        {
            foreach (IAsyncEnumerator<T>? iteration in open)
            {
                if (iteration is not null)
                {
                    await iteration.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static int[] NewOrder(int count)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        return order;
    }

    private Random? CreateRandom() =>
        _mode == RoundRobinMode.PermutedCycle ? new Random(_seed ?? Random.Shared.Next()) : null;
}

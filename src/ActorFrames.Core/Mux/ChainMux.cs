using System.Runtime.CompilerServices;

namespace ActorFrames.Mux;

/// <summary>
/// Runs each stream to its end, then the next (pescador's ChainMux, like itertools.chain): over "abc" and "def" it
/// yields "abcdef". The stream sequence is read lazily, one stream at a time, and may be generated on the fly.
/// In <see cref="ChainMode.Cycle"/> a pass that yields nothing ends the mux, so all-empty streams never spin.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ChainMux<T> : Streamer<T>
{
    private readonly IEnumerable<Streamer<T>> _streams;
    private readonly ChainMode _mode;
    private readonly bool _synchronous;

    /// <summary>Initializes a chain mux.</summary>
    /// <param name="streams">
    /// The streams in order, enumerated lazily at iteration time (once per pass in <see cref="ChainMode.Cycle"/>); a
    /// null entry fails the iteration that reaches it.
    /// </param>
    /// <param name="mode">What to do after the last stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="streams"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not defined.</exception>
    public ChainMux(IEnumerable<Streamer<T>> streams, ChainMode mode = ChainMode.Exhaustive)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use Exhaustive or Cycle.");
        }

        _streams = streams;
        _mode = mode;

        // Only a materialised collection can be inspected without consuming a lazy sequence.
        _synchronous = streams is IReadOnlyCollection<Streamer<T>> collection && IsAllSynchronous(collection);
    }

    /// <inheritdoc />
    public override bool IsSynchronous => _synchronous;

    internal override IAsyncEnumerator<T> OpenAsync(CancellationToken cancellationToken) =>
        RunAsync(_streams, _mode, cancellationToken).GetAsyncEnumerator(cancellationToken);

    internal override IEnumerator<T> OpenSync() => Run(_streams, _mode).GetEnumerator();

    private static bool IsAllSynchronous(IReadOnlyCollection<Streamer<T>> streams)
    {
        foreach (Streamer<T> stream in streams)
        {
            if (stream is null || !stream.IsSynchronous)
            {
                return false;
            }
        }

        return true;
    }

    private static Streamer<T> Check(Streamer<T>? stream, int index) =>
        stream ?? throw new InvalidOperationException($"Stream {index} of the chain is null; every stream must be a Streamer.");

    private static IEnumerable<T> Run(IEnumerable<Streamer<T>> streams, ChainMode mode)
    {
        bool yielded;
        do
        {
            yielded = false;
            int index = 0;
            foreach (Streamer<T>? stream in streams)
            {
                using IEnumerator<T> iteration = Check(stream, index++).OpenSync();
                while (iteration.MoveNext())
                {
                    yielded = true;
                    yield return iteration.Current;
                }
            }
        }
        while (yielded && mode == ChainMode.Cycle);
    }

    private static async IAsyncEnumerable<T> RunAsync(
        IEnumerable<Streamer<T>> streams, ChainMode mode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool yielded;
        do
        {
            yielded = false;
            int index = 0;
            foreach (Streamer<T>? stream in streams)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IAsyncEnumerator<T> iteration = Check(stream, index++).OpenAsync(cancellationToken);
                try
                {
                    while (await iteration.MoveNextAsync().ConfigureAwait(false))
                    {
                        yielded = true;
                        yield return iteration.Current;
                    }
                }
                finally
                {
                    await iteration.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        while (yielded && mode == ChainMode.Cycle);
    }
}

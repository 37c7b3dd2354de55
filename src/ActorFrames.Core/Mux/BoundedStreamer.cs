using System.Runtime.CompilerServices;

namespace ActorFrames.Mux;

/// <summary>The view behind <see cref="Streamer{T}.WithMaxItems"/> and <see cref="Streamer{T}.Cycle"/>.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class BoundedStreamer<T> : Streamer<T>
{
    private readonly Streamer<T> _source;
    private readonly long _maxItems;
    private readonly bool _cycle;

    public BoundedStreamer(Streamer<T> source, long maxItems, bool cycle)
    {
        _source = source;
        _maxItems = maxItems;
        _cycle = cycle;
    }

    public override bool IsSynchronous => _source.IsSynchronous;

    internal override IAsyncEnumerator<T> OpenAsync(CancellationToken cancellationToken) =>
        RunAsync(_source, _maxItems, _cycle, cancellationToken).GetAsyncEnumerator(cancellationToken);

    internal override IEnumerator<T> OpenSync() => Run(_source, _maxItems, _cycle).GetEnumerator();

    private static IEnumerable<T> Run(Streamer<T> source, long maxItems, bool cycle)
    {
        long count = 0;
        while (count < maxItems)
        {
            bool yielded = false;
            using (IEnumerator<T> iteration = source.OpenSync())
            {
                // The bound is checked before MoveNext so the source never produces an item nobody takes.
                while (count < maxItems && iteration.MoveNext())
                {
                    yielded = true;
                    count++;
                    yield return iteration.Current;
                }
            }

            if (!cycle || !yielded)
            {
                yield break;
            }
        }
    }

    private static async IAsyncEnumerable<T> RunAsync(
        Streamer<T> source, long maxItems, bool cycle, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long count = 0;
        while (count < maxItems)
        {
            bool yielded = false;
            IAsyncEnumerator<T> iteration = source.OpenAsync(cancellationToken);
            try
            {
                while (count < maxItems && await iteration.MoveNextAsync().ConfigureAwait(false))
                {
                    yielded = true;
                    count++;
                    yield return iteration.Current;
                }
            }
            finally
            {
                await iteration.DisposeAsync().ConfigureAwait(false);
            }

            if (!cycle || !yielded)
            {
                yield break;
            }
        }
    }
}

using System.Runtime.CompilerServices;

namespace ActorFrames.Mux;

/// <summary>A streamer that maps every item of another streamer (used for column tuples).</summary>
/// <typeparam name="TSource">The source's item type.</typeparam>
/// <typeparam name="TResult">The mapped item type.</typeparam>
internal sealed class SelectStreamer<TSource, TResult> : Streamer<TResult>
{
    private readonly Streamer<TSource> _source;
    private readonly Func<TSource, TResult> _selector;

    public SelectStreamer(Streamer<TSource> source, Func<TSource, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selector);
        _source = source;
        _selector = selector;
    }

    public override bool IsSynchronous => _source.IsSynchronous;

    internal override IAsyncEnumerator<TResult> OpenAsync(CancellationToken cancellationToken) =>
        RunAsync(_source, _selector, cancellationToken).GetAsyncEnumerator(cancellationToken);

    internal override IEnumerator<TResult> OpenSync() => Run(_source, _selector).GetEnumerator();

    private static IEnumerable<TResult> Run(Streamer<TSource> source, Func<TSource, TResult> selector)
    {
        using IEnumerator<TSource> items = source.OpenSync();
        while (items.MoveNext())
        {
            yield return selector(items.Current);
        }
    }

    private static async IAsyncEnumerable<TResult> RunAsync(
        Streamer<TSource> source, Func<TSource, TResult> selector, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<TSource> items = source.OpenAsync(cancellationToken);
        try
        {
            while (await items.MoveNextAsync().ConfigureAwait(false))
            {
                yield return selector(items.Current);
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }
}

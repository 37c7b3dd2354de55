using System.Runtime.CompilerServices;

namespace ActorFrames.Mux.Batching;

/// <summary>The streamer behind <see cref="BatchStreamer"/>'s Rebatch: one <see cref="Rebatcher"/> per iteration.</summary>
/// <typeparam name="TItem">The source's item type: <see cref="Batch"/>, or <see cref="object"/> for untyped sources.</typeparam>
internal sealed class RebatchStreamer<TItem> : Streamer<Batch>
    where TItem : class
{
    private readonly Streamer<TItem> _source;
    private readonly RebatchOptions _options;

    public RebatchStreamer(Streamer<TItem> source, RebatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);

        // Copy the settings so that later changes to the caller's object do not alter this streamer; build one
        // re-batcher now so that invalid settings fail here rather than on first iteration.
        _options = new RebatchOptions
        {
            BatchSize = options.BatchSize,
            Mode = options.Mode,
            KeepPartial = options.KeepPartial,
            ReuseOutput = options.ReuseOutput,
        };
        _ = new Rebatcher(_options);
        _source = source;
    }

    public override bool IsSynchronous => _source.IsSynchronous;

    internal override IAsyncEnumerator<Batch> OpenAsync(CancellationToken cancellationToken) =>
        RunAsync(_source, new Rebatcher(_options), cancellationToken).GetAsyncEnumerator(cancellationToken);

    internal override IEnumerator<Batch> OpenSync() => Run(_source, new Rebatcher(_options)).GetEnumerator();

    private static IEnumerable<Batch> Run(Streamer<TItem> source, Rebatcher rebatcher)
    {
        using (IEnumerator<TItem> items = source.OpenSync())
        {
            while (items.MoveNext())
            {
                rebatcher.PushItem(items.Current);
                while (rebatcher.TryTake(out Batch? batch))
                {
                    yield return batch;
                }
            }
        }

        if (rebatcher.TryFlush(out Batch? tail))
        {
            yield return tail;
        }
    }

    private static async IAsyncEnumerable<Batch> RunAsync(
        Streamer<TItem> source, Rebatcher rebatcher, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<TItem> items = source.OpenAsync(cancellationToken);
        try
        {
            while (await items.MoveNextAsync().ConfigureAwait(false))
            {
                rebatcher.PushItem(items.Current);
                while (rebatcher.TryTake(out Batch? batch))
                {
                    yield return batch;
                }
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }

        if (rebatcher.TryFlush(out Batch? tail))
        {
            yield return tail;
        }
    }
}

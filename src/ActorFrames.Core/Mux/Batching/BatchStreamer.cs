using System.Collections.Immutable;

namespace ActorFrames.Mux.Batching;

/// <summary>Stream operators over batches: re-batching to a fixed size and column tuples.</summary>
public static class BatchStreamer
{
    /// <summary>
    /// Re-batches a stream of batches into batches of <see cref="RebatchOptions.BatchSize"/> rows, keeping row order
    /// (pescador's BufferedStreamer); each iteration starts the source afresh.
    /// </summary>
    /// <param name="source">The batches.</param>
    /// <param name="options">The output size, the mode (concatenate rows or stack items), and the tail policy; copied here.</param>
    /// <returns>The re-batched stream. Iterating it fails with <see cref="InvalidOperationException"/> on a batch whose columns differ from the first one's.</returns>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public static Streamer<Batch> Rebatch(this Streamer<Batch> source, RebatchOptions options) =>
        new RebatchStreamer<Batch>(source, options);

    /// <summary>Re-batches an untyped stream whose items must all be batches (see <see cref="Rebatch(Streamer{Batch}, RebatchOptions)"/>).</summary>
    /// <param name="source">The items.</param>
    /// <param name="options">The re-batching settings; copied here.</param>
    /// <returns>The re-batched stream. Iterating it fails with <see cref="InvalidOperationException"/> naming the first item that is not a batch.</returns>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public static Streamer<Batch> Rebatch(this Streamer<object> source, RebatchOptions options) =>
        new RebatchStreamer<object>(source, options);

    /// <summary>Maps every batch to the chosen columns, in the order given (pescador's tuples).</summary>
    /// <param name="source">The batches.</param>
    /// <param name="columns">The column names; at least one, distinct.</param>
    /// <returns>A stream of column arrays (one small array per item). A batch without one of the columns fails the iteration with <see cref="KeyNotFoundException"/>.</returns>
    /// <exception cref="ArgumentException">No names, an empty name, or a repeated name.</exception>
    public static Streamer<ImmutableArray<BatchColumn>> Tuples(this Streamer<Batch> source, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(source);
        ImmutableArray<string> names = CheckNames(columns);
        return new SelectStreamer<Batch, ImmutableArray<BatchColumn>>(source, batch =>
        {
            var selected = new BatchColumn[names.Length];
            for (int i = 0; i < selected.Length; i++)
            {
                selected[i] = batch[names[i]];
            }

            return ImmutableArray.Create(selected);
        });
    }

    /// <summary>Maps every batch to two typed columns.</summary>
    /// <typeparam name="T1">The first column's element type.</typeparam>
    /// <typeparam name="T2">The second column's element type.</typeparam>
    /// <param name="source">The batches.</param>
    /// <param name="first">The first column's name.</param>
    /// <param name="second">The second column's name.</param>
    /// <returns>A stream of column pairs. A missing column or another element type fails the iteration.</returns>
    /// <exception cref="ArgumentException">An empty or repeated name.</exception>
    public static Streamer<(BatchColumn<T1> First, BatchColumn<T2> Second)> Tuples<T1, T2>(this Streamer<Batch> source, string first, string second)
        where T1 : unmanaged
        where T2 : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        _ = CheckNames([first, second]);
        return new SelectStreamer<Batch, (BatchColumn<T1>, BatchColumn<T2>)>(
            source, batch => (batch.GetColumn<T1>(first), batch.GetColumn<T2>(second)));
    }

    /// <summary>Maps every batch to three typed columns.</summary>
    /// <typeparam name="T1">The first column's element type.</typeparam>
    /// <typeparam name="T2">The second column's element type.</typeparam>
    /// <typeparam name="T3">The third column's element type.</typeparam>
    /// <param name="source">The batches.</param>
    /// <param name="first">The first column's name.</param>
    /// <param name="second">The second column's name.</param>
    /// <param name="third">The third column's name.</param>
    /// <returns>A stream of column triples. A missing column or another element type fails the iteration.</returns>
    /// <exception cref="ArgumentException">An empty or repeated name.</exception>
    public static Streamer<(BatchColumn<T1> First, BatchColumn<T2> Second, BatchColumn<T3> Third)> Tuples<T1, T2, T3>(
        this Streamer<Batch> source, string first, string second, string third)
        where T1 : unmanaged
        where T2 : unmanaged
        where T3 : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        _ = CheckNames([first, second, third]);
        return new SelectStreamer<Batch, (BatchColumn<T1>, BatchColumn<T2>, BatchColumn<T3>)>(
            source, batch => (batch.GetColumn<T1>(first), batch.GetColumn<T2>(second), batch.GetColumn<T3>(third)));
    }

    private static ImmutableArray<string> CheckNames(string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("Name at least one column.", nameof(columns));
        }

        for (int i = 0; i < columns.Length; i++)
        {
            if (string.IsNullOrEmpty(columns[i]))
            {
                throw new ArgumentException($"Column name {i} is empty; name an existing column.", nameof(columns));
            }

            for (int j = 0; j < i; j++)
            {
                if (string.Equals(columns[i], columns[j], StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Column '{columns[i]}' is named twice; name each column once.", nameof(columns));
                }
            }
        }

        return [.. columns];
    }
}

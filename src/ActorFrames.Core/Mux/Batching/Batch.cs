using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace ActorFrames.Mux.Batching;

/// <summary>
/// A set of named columns with the same number of rows (pescador's dictionary of arrays): the unit that
/// <see cref="BatchStreamer.Rebatch(Streamer{Batch}, RebatchOptions)"/> re-batches.
/// </summary>
public sealed class Batch
{
    private readonly ImmutableArray<BatchColumn> _columns;

    /// <summary>Initializes a batch.</summary>
    /// <param name="columns">The columns: at least one, distinct names, the same row count.</param>
    /// <exception cref="ArgumentException">No columns, a null column, a repeated name, or differing row counts.</exception>
    public Batch(params ReadOnlySpan<BatchColumn> columns)
    {
        if (columns.IsEmpty)
        {
            throw new ArgumentException("A batch needs at least one column.", nameof(columns));
        }

        for (int i = 0; i < columns.Length; i++)
        {
            BatchColumn column = columns[i] ?? throw new ArgumentException($"Column {i} is null.", nameof(columns));
            if (column.RowCount != columns[0].RowCount)
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' has {column.RowCount} rows but column '{columns[0].Name}' has {columns[0].RowCount}; every column of a batch has the same number of rows.",
                    nameof(columns));
            }

            for (int j = 0; j < i; j++)
            {
                if (string.Equals(columns[j].Name, column.Name, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Column name '{column.Name}' appears twice; column names must be distinct.", nameof(columns));
                }
            }
        }

        _columns = [.. columns];
    }

    /// <summary>Gets the number of rows.</summary>
    public int RowCount => _columns[0].RowCount;

    /// <summary>Gets the columns, in the order they were given.</summary>
    public ImmutableArray<BatchColumn> Columns => _columns;

    /// <summary>Gets the column named <paramref name="name"/>.</summary>
    /// <param name="name">The column name (ordinal comparison).</param>
    /// <returns>The column.</returns>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    public BatchColumn this[string name] => TryGetColumn(name, out BatchColumn? column) ? column : throw Missing(name);

    /// <summary>Looks up a column by name.</summary>
    /// <param name="name">The column name (ordinal comparison).</param>
    /// <param name="column">The column, when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGetColumn(string name, [NotNullWhen(true)] out BatchColumn? column)
    {
        int index = IndexOf(name);
        column = index < 0 ? null : _columns[index];
        return column is not null;
    }

    /// <summary>Gets the column named <paramref name="name"/> as a column of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected element type.</typeparam>
    /// <param name="name">The column name.</param>
    /// <returns>The typed column.</returns>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    /// <exception cref="InvalidCastException">The column holds another element type.</exception>
    public BatchColumn<T> GetColumn<T>(string name)
        where T : unmanaged
    {
        BatchColumn column = this[name];
        return column as BatchColumn<T>
            ?? throw new InvalidCastException($"Column '{name}' holds {column.ElementType.Name} elements, not {typeof(T).Name}.");
    }

    /// <inheritdoc />
    public override string ToString() => $"Batch of {RowCount} rows ({string.Join("; ", _columns)})";

    /// <summary>Finds a column's position.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The position, or −1.</returns>
    internal int IndexOf(string name)
    {
        for (int i = 0; i < _columns.Length; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private KeyNotFoundException Missing(string name)
    {
        var names = new string[_columns.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = _columns[i].Name;
        }

        return new KeyNotFoundException($"The batch has no column '{name}'; its columns are {string.Join(", ", names)}.");
    }
}

using System.Collections.Immutable;

namespace ActorFrames.Mux.Batching;

/// <summary>A batch column of <typeparamref name="T"/> elements.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class BatchColumn<T> : BatchColumn
    where T : unmanaged
{
    private readonly ReadOnlyMemory<T> _values;
    private readonly T[]? _buffer;

    internal BatchColumn(string name, ReadOnlyMemory<T> values, ImmutableArray<int> rowShape, int rowWidth, int rowCount)
        : base(name, rowShape, rowWidth, rowCount)
    {
        _values = values;
    }

    private BatchColumn(string name, T[] buffer, ImmutableArray<int> rowShape, int rowWidth)
        : base(name, rowShape, rowWidth, 0)
    {
        _buffer = buffer;
        _values = buffer;
    }

    /// <inheritdoc />
    public override Type ElementType => typeof(T);

    /// <summary>Gets the values, row-major: row r occupies [r × RowWidth, (r + 1) × RowWidth).</summary>
    public ReadOnlyMemory<T> Memory => _values[..(RowCount * RowWidth)];

    /// <summary>Gets the values, row-major.</summary>
    public ReadOnlySpan<T> Span => _values.Span[..(RowCount * RowWidth)];

    /// <summary>Gets the <see cref="BatchColumn.RowWidth"/> values of one row.</summary>
    /// <param name="row">The row, in [0, RowCount).</param>
    /// <returns>The row's values.</returns>
    public ReadOnlySpan<T> GetRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        return _values.Span.Slice(row * RowWidth, RowWidth);
    }

    /// <summary>Copies the values into a new array.</summary>
    /// <returns>RowCount × RowWidth values, row-major.</returns>
    public T[] ToArray() => Span.ToArray();

    internal override void CopyElementsTo(int sourceStart, BatchColumn destination, int destinationStart, int count)
    {
        var target = (BatchColumn<T>)destination;
        _values.Span.Slice(sourceStart, count).CopyTo(target._buffer.AsSpan(destinationStart, count));
    }

    internal override BatchColumn CreateBuffer(string name, ImmutableArray<int> rowShape, int rowWidth, int rowCapacity) =>
        new BatchColumn<T>(name, new T[checked(rowCapacity * rowWidth)], rowShape, rowWidth);
}

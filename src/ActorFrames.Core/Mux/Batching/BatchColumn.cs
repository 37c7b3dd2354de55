using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorFrames.Mux.Batching;

/// <summary>
/// One named column of a <see cref="Batch"/>: a typed array whose first dimension is the row, stored flat as
/// <see cref="RowCount"/> × <see cref="RowWidth"/> elements (row-major), with the row's own dimensions in
/// <see cref="RowShape"/>.
/// </summary>
public abstract class BatchColumn
{
    private protected BatchColumn(string name, ImmutableArray<int> rowShape, int rowWidth, int rowCount)
    {
        Name = name;
        RowShape = rowShape;
        RowWidth = rowWidth;
        RowCount = rowCount;
    }

    /// <summary>Gets the column's name.</summary>
    public string Name { get; }

    /// <summary>Gets the element type.</summary>
    public abstract Type ElementType { get; }

    /// <summary>Gets the dimensions of one row (empty for one scalar per row).</summary>
    public ImmutableArray<int> RowShape { get; }

    /// <summary>Gets the number of elements per row: the product of <see cref="RowShape"/> (1 when it is empty).</summary>
    public int RowWidth { get; }

    /// <summary>Gets the number of rows.</summary>
    public int RowCount { get; private protected set; }

    /// <summary>Creates a column over flat row-major values, without copying them.</summary>
    /// <typeparam name="T">The element type (float, double, int, long, short, byte or another unmanaged type).</typeparam>
    /// <param name="name">The column name; not empty.</param>
    /// <param name="values">RowCount × RowWidth elements. The column reads them in place, so do not change them afterwards.</param>
    /// <param name="rowShape">The dimensions of one row, each positive; none for one scalar per row.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentException">The name is empty, a dimension is not positive, or the value count is not a multiple of the row width.</exception>
    public static BatchColumn<T> Create<T>(string name, ReadOnlyMemory<T> values, params ReadOnlySpan<int> rowShape)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        (ImmutableArray<int> shape, int width) = CheckShape(rowShape, nameof(rowShape));
        if (values.Length % width != 0)
        {
            throw new ArgumentException(
                $"Column '{name}' has {values.Length} values, which is not a multiple of its row width {width} (row shape {FormatShape(shape)}).",
                nameof(values));
        }

        return new BatchColumn<T>(name, values, shape, width, values.Length / width);
    }

    /// <summary>Creates a column from a (possibly multi-dimensional) array whose first dimension is the row, copying its values.</summary>
    /// <typeparam name="T">The array's element type.</typeparam>
    /// <param name="name">The column name; not empty.</param>
    /// <param name="values">A <typeparamref name="T"/>[], [,], [,,] ... array; dimension 0 counts rows, the others shape each row.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentException">The name is empty or the array's element type is not <typeparamref name="T"/>.</exception>
    public static BatchColumn<T> FromArray<T>(string name, Array values)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetType().GetElementType() != typeof(T))
        {
            throw new ArgumentException(
                $"Column '{name}': the array holds {values.GetType().GetElementType()?.Name} elements, not {typeof(T).Name}.", nameof(values));
        }

        Span<int> shape = stackalloc int[Math.Max(values.Rank - 1, 0)];
        for (int dimension = 1; dimension < values.Rank; dimension++)
        {
            shape[dimension - 1] = values.GetLength(dimension);
        }

        (ImmutableArray<int> rowShape, int width) = CheckShape(shape, nameof(values), allowZero: true);
        ReadOnlySpan<T> flat = MemoryMarshal.CreateReadOnlySpan(
            ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(values)), values.Length);
        return new BatchColumn<T>(name, flat.ToArray(), rowShape, width, values.GetLength(0));
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: {ElementType.Name}[{RowCount}{(RowShape.IsEmpty ? string.Empty : ", " + string.Join(", ", RowShape))}]");

    /// <summary>Copies <paramref name="count"/> flat elements into a buffer column of the same element type.</summary>
    internal abstract void CopyElementsTo(int sourceStart, BatchColumn destination, int destinationStart, int count);

    /// <summary>Creates a writable buffer column of the same element type.</summary>
    internal abstract BatchColumn CreateBuffer(string name, ImmutableArray<int> rowShape, int rowWidth, int rowCapacity);

    /// <summary>Sets the row count of a buffer column.</summary>
    internal void SetRowCount(int rows) => RowCount = rows;

    /// <summary>Tells whether two row shapes are equal.</summary>
    internal static bool SameShape(ImmutableArray<int> left, ImmutableArray<int> right)
    {
        if (left == right)
        {
            return true;
        }

        if (left.Length != right.Length)
        {
            return false;
        }

        for (int i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Formats a row shape for messages, such as [3, 2] or [] for scalars.</summary>
    internal static string FormatShape(ImmutableArray<int> shape)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }

    private static (ImmutableArray<int> Shape, int Width) CheckShape(ReadOnlySpan<int> rowShape, string paramName, bool allowZero = false)
    {
        long width = 1;
        for (int i = 0; i < rowShape.Length; i++)
        {
            if (rowShape[i] < 0 || (rowShape[i] == 0 && !allowZero))
            {
                throw new ArgumentException($"Row dimension {i} is {rowShape[i]}; every row dimension must be positive.", paramName);
            }

            width *= rowShape[i];
            if (width > Array.MaxLength)
            {
                throw new ArgumentException($"The row shape holds more than {Array.MaxLength} elements per row.", paramName);
            }
        }

        if (width == 0)
        {
            throw new ArgumentException("The row shape holds no elements; a row needs at least one element.", paramName);
        }

        return (ImmutableArray.Create(rowShape), (int)width);
    }
}

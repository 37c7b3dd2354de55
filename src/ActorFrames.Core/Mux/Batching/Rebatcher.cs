using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace ActorFrames.Mux.Batching;

/// <summary>
/// Cuts a sequence of batches into batches of a fixed number of rows, keeping row order; no I/O, one
/// instance per iteration. <see cref="Push"/> an input, then <see cref="TryTake"/> until it returns false;
/// at the end <see cref="TryFlush"/> yields the partial tail (when kept).
/// </summary>
/// <remarks>
/// The first input fixes the schema (column names, element types, row shapes, and in stack mode the item's row
/// count); every later input must match it (columns may come in another order). Copies go column by column,
/// one span copy per input segment, so the cost per row is a few element copies and nothing is allocated per row.
/// </remarks>
internal sealed class Rebatcher
{
    private static readonly RebatchOptionsValidator s_validator = new();

    private readonly int _batchSize;
    private readonly bool _stack;
    private readonly bool _keepPartial;
    private readonly bool _reuseOutput;

    private BatchColumn[]? _schema;
    private int[] _inputColumn = [];
    private int[] _itemRows = [];
    private ImmutableArray<int>[] _itemShape = [];
    private BatchColumn[]? _buffers;
    private Batch? _reusable;
    private int _filled;

    private Batch? _input;
    private int _inputRow;
    private long _itemIndex = -1;

    /// <summary>Initializes a re-batcher.</summary>
    /// <param name="options">The settings (read once).</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public Rebatcher(RebatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptionsResult result = s_validator.Validate(null, options);
        if (result.Failed)
        {
            throw new ArgumentException($"Invalid {nameof(RebatchOptions)}: {result.FailureMessage}", nameof(options));
        }

        _batchSize = options.BatchSize;
        _stack = options.Mode == RebatchMode.Stack;
        _keepPartial = options.KeepPartial;
        _reuseOutput = options.ReuseOutput;
    }

    /// <summary>Gets the number of rows buffered towards the next output.</summary>
    public int BufferedRows => _filled;

    /// <summary>Accepts the next item of the stream, which must be a <see cref="Batch"/>.</summary>
    /// <param name="item">The item.</param>
    /// <exception cref="InvalidOperationException">The item is not a batch, or does not match the schema of the first batch.</exception>
    public void PushItem(object? item)
    {
        if (item is Batch batch)
        {
            Push(batch);
            return;
        }

        throw new InvalidOperationException(
            $"Item {_itemIndex + 1} of the stream is {(item is null ? "null" : "a " + item.GetType().Name)}, not a {nameof(Batch)}; re-batching needs every item to be a batch of named columns.");
    }

    /// <summary>Accepts the next batch of the stream; take every output (<see cref="TryTake"/>) before pushing again.</summary>
    /// <param name="batch">The batch.</param>
    /// <exception cref="InvalidOperationException">The batch does not match the schema of the first batch, or the previous one was not fully taken.</exception>
    public void Push(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_input is not null)
        {
            throw new InvalidOperationException("The previous batch still has rows to take; call TryTake until it returns false before pushing.");
        }

        _itemIndex++;
        if (_schema is null)
        {
            DefineSchema(batch);
        }
        else
        {
            MatchSchema(batch);
        }

        _input = batch;
        _inputRow = 0;
    }

    /// <summary>Moves buffered input rows into the output until an output batch is full or the input is used up.</summary>
    /// <param name="output">A full output batch.</param>
    /// <returns>True when <paramref name="output"/> is a full batch; false when more input is needed.</returns>
    public bool TryTake([NotNullWhen(true)] out Batch? output)
    {
        while (_input is not null)
        {
            BatchColumn[] buffers = _buffers ??= CreateBuffers();
            BatchColumn[] schema = _schema!;
            ImmutableArray<BatchColumn> columns = _input.Columns;
            if (_stack)
            {
                for (int i = 0; i < schema.Length; i++)
                {
                    int width = schema[i].RowWidth;
                    columns[_inputColumn[i]].CopyElementsTo(0, buffers[i], _filled * width, width);
                }

                _filled++;
                _input = null;
            }
            else
            {
                int rows = Math.Min(_input.RowCount - _inputRow, _batchSize - _filled);
                for (int i = 0; i < schema.Length; i++)
                {
                    int width = schema[i].RowWidth;
                    columns[_inputColumn[i]].CopyElementsTo(_inputRow * width, buffers[i], _filled * width, rows * width);
                }

                _filled += rows;
                _inputRow += rows;
                if (_inputRow == _input.RowCount)
                {
                    _input = null;
                }
            }

            if (_filled == _batchSize)
            {
                output = Emit();
                return true;
            }
        }

        output = null;
        return false;
    }

    /// <summary>Ends the stream: yields the rows left over as a last batch when partial tails are kept.</summary>
    /// <param name="output">The partial batch.</param>
    /// <returns>True when a partial batch was produced; false when nothing is left or tails are dropped.</returns>
    public bool TryFlush([NotNullWhen(true)] out Batch? output)
    {
        Debug.Assert(_input is null, "Take every output before flushing.");
        if (_filled > 0 && _keepPartial)
        {
            output = Emit();
            return true;
        }

        _filled = 0;
        output = null;
        return false;
    }

    private Batch Emit()
    {
        BatchColumn[] buffers = _buffers!;
        foreach (BatchColumn buffer in buffers)
        {
            buffer.SetRowCount(_filled);
        }

        _filled = 0;
        if (_reuseOutput)
        {
            return _reusable ??= new Batch(buffers);
        }

        _buffers = null;
        return new Batch(buffers);
    }

    private BatchColumn[] CreateBuffers()
    {
        BatchColumn[] schema = _schema!;
        var buffers = new BatchColumn[schema.Length];
        for (int i = 0; i < schema.Length; i++)
        {
            buffers[i] = schema[i].CreateBuffer(schema[i].Name, schema[i].RowShape, schema[i].RowWidth, _batchSize);
        }

        return buffers;
    }

    private void DefineSchema(Batch batch)
    {
        ImmutableArray<BatchColumn> columns = batch.Columns;
        var schema = new BatchColumn[columns.Length];
        _inputColumn = new int[columns.Length];
        _itemRows = new int[columns.Length];
        _itemShape = new ImmutableArray<int>[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            BatchColumn column = columns[i];
            if (_stack)
            {
                // A stacked item is one output row whose shape is the item's whole shape, rows included.
                ImmutableArray<int> rowShape = [column.RowCount, .. column.RowShape];
                int width = checked(column.RowCount * column.RowWidth);
                if (width == 0)
                {
                    throw new InvalidOperationException(
                        $"Item 0 has no rows in column '{column.Name}'; stacking makes each item one row, so the first item must not be empty.");
                }

                schema[i] = column.CreateBuffer(column.Name, rowShape, width, 0);
            }
            else
            {
                schema[i] = column.CreateBuffer(column.Name, column.RowShape, column.RowWidth, 0);
            }

            _inputColumn[i] = i;
            _itemRows[i] = column.RowCount;
            _itemShape[i] = column.RowShape;
        }

        _schema = schema;
    }

    private void MatchSchema(Batch batch)
    {
        BatchColumn[] schema = _schema!;
        ImmutableArray<BatchColumn> columns = batch.Columns;
        if (columns.Length != schema.Length)
        {
            throw Mismatch($"has {columns.Length} columns but the first batch has {schema.Length}");
        }

        for (int i = 0; i < schema.Length; i++)
        {
            BatchColumn expected = schema[i];
            int index = i;
            if (!string.Equals(columns[i].Name, expected.Name, StringComparison.Ordinal))
            {
                index = batch.IndexOf(expected.Name);
                if (index < 0)
                {
                    throw Mismatch($"has no column '{expected.Name}'");
                }
            }

            BatchColumn column = columns[index];
            if (column.ElementType != expected.ElementType)
            {
                throw Mismatch($"holds {column.ElementType.Name} in column '{expected.Name}' where the first batch holds {expected.ElementType.Name}");
            }

            if (_stack)
            {
                if (column.RowCount != _itemRows[i] || !BatchColumn.SameShape(column.RowShape, _itemShape[i]))
                {
                    throw Mismatch(
                        $"has shape {BatchColumn.FormatShape([column.RowCount, .. column.RowShape])} in column '{expected.Name}' where the first batch has {BatchColumn.FormatShape(expected.RowShape)}; stacked items must all have the same shape");
                }
            }
            else if (!BatchColumn.SameShape(column.RowShape, _itemShape[i]))
            {
                throw Mismatch(
                    $"has row shape {BatchColumn.FormatShape(column.RowShape)} in column '{expected.Name}' where the first batch has {BatchColumn.FormatShape(expected.RowShape)}");
            }

            _inputColumn[i] = index;
        }
    }

    private InvalidOperationException Mismatch(string detail) =>
        new($"Item {_itemIndex} of the stream {detail}; every batch must carry the first batch's columns with the same element types and row shapes.");
}

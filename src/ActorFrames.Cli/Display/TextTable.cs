using System.Text;

namespace ActorFrames.Cli.Display;

/// <summary>Lays out rows of cells in aligned columns (widths from the widest cell), for the live view and the summary.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <summary>Initializes a table.</summary>
    /// <param name="headers">The column headers.</param>
    /// <param name="rightAligned">For each column, whether it is right-aligned (numbers).</param>
    public TextTable(string[] headers, bool[] rightAligned)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rightAligned);
        if (headers.Length != rightAligned.Length)
        {
            throw new ArgumentException($"The table has {headers.Length} headers but {rightAligned.Length} alignments.", nameof(rightAligned));
        }

        _headers = headers;
        _rightAligned = rightAligned;
    }

    /// <summary>Adds a row.</summary>
    /// <param name="cells">One cell per column.</param>
    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"A row of this table has {_headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Renders the header line and then every row, each without a line break.</summary>
    /// <param name="indent">Spaces before each line.</param>
    /// <returns>The header line first, then one line per row.</returns>
    public List<string> Render(int indent = 2)
    {
        var widths = new int[_headers.Length];
        for (var c = 0; c < widths.Length; c++)
        {
            widths[c] = _headers[c].Length;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var lines = new List<string>(_rows.Count + 1) { Line(_headers, widths, indent) };
        foreach (var row in _rows)
        {
            lines.Add(Line(row, widths, indent));
        }

        return lines;
    }

    private string Line(string[] cells, int[] widths, int indent)
    {
        var line = new StringBuilder().Append(' ', indent);
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                line.Append("  ");
            }

            line.Append(_rightAligned[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }

        return line.ToString().TrimEnd();
    }
}

using System.Globalization;

namespace ActorFrames.Cli.Display;

/// <summary>
/// Shows a run's progress. On a terminal it redraws one block in place (ANSI cursor movement) with a line
/// per consumer; when output is redirected it writes plain lines, at most once per <see cref="PlainInterval"/>
/// of run time, that a log file can keep. Colour only on a terminal and never with NO_COLOR.
/// </summary>
internal sealed class LiveDisplay
{
    private readonly TextWriter _output;
    private readonly TerminalCapabilities _terminal;
    private int _linesDrawn;
    private TimeSpan? _lastPlain;

    /// <summary>Initializes a display.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="terminal">What the output can do.</param>
    /// <param name="plainInterval">The least run time between two plain reports; 5 s by default.</param>
    public LiveDisplay(TextWriter output, TerminalCapabilities terminal, TimeSpan? plainInterval = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(terminal);
        _output = output;
        _terminal = terminal;
        PlainInterval = plainInterval ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThan(PlainInterval, TimeSpan.Zero, nameof(plainInterval));
    }

    /// <summary>Gets the least run time between two plain reports.</summary>
    public TimeSpan PlainInterval { get; }

    /// <summary>Shows a snapshot: redraws the block on a terminal, or writes plain lines when the interval has passed.</summary>
    /// <param name="snapshot">The run's state.</param>
    public void Update(RunSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_terminal.IsInteractive)
        {
            Redraw(snapshot);
        }
        else if (_lastPlain is not { } last || snapshot.Elapsed - last >= PlainInterval)
        {
            WritePlain(snapshot);
        }
    }

    /// <summary>Shows the final state: one last redraw, or plain lines whatever the interval.</summary>
    /// <param name="snapshot">The run's final state.</param>
    public void Complete(RunSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_terminal.IsInteractive)
        {
            Redraw(snapshot);
            _linesDrawn = 0;
        }
        else if (_lastPlain != snapshot.Elapsed)
        {
            WritePlain(snapshot);
        }

        _output.Flush();
    }

    /// <summary>Gets the lines of the live block, without colour or cursor movement.</summary>
    /// <param name="snapshot">The run's state.</param>
    /// <returns>The heading, the column headers, then one line per consumer.</returns>
    internal static List<string> Block(RunSnapshot snapshot)
    {
        var table = new TextTable(
            ["consumer", "mode", "chunks", "rate/s", "lag", "drops", "failed", "in-flight"],
            [false, false, true, true, true, true, true, true]);
        foreach (var c in snapshot.Consumers)
        {
            table.Add(
                c.Consumer,
                c.WorkerMode,
                DisplayText.Count(c.Chunks),
                DisplayText.Rate(c.ChunksPerSecond),
                DisplayText.Duration(c.Lag),
                DisplayText.Count(c.Dropped),
                DisplayText.Count(c.Failed),
                InFlight(c));
        }

        var lines = table.Render();
        lines.Insert(0, Heading(snapshot));
        return lines;
    }

    private static string InFlight(ConsumerProgress c)
        => c.MaxInFlight > 0 ? string.Create(CultureInfo.InvariantCulture, $"{c.InFlight}/{c.MaxInFlight}") : DisplayText.Count(c.InFlight);

    private static string Heading(RunSnapshot snapshot)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"actorframes run: {snapshot.Source}, {DisplayText.Duration(snapshot.StreamPosition)} of stream in {DisplayText.Duration(snapshot.Elapsed)}, {snapshot.FramesIn} frames");

    private void Redraw(RunSnapshot snapshot)
    {
        var lines = Block(snapshot);
        if (_linesDrawn > 0)
        {
            // Back to the top of the previous block; each line is cleared before it is rewritten.
            _output.Write(string.Create(CultureInfo.InvariantCulture, $"\u001b[{_linesDrawn}A"));
        }

        var width = Math.Max(20, _terminal.Width - 1);
        for (var i = 0; i < lines.Count; i++)
        {
            // Lines are cut to the width: a wrapped line would break the cursor arithmetic of the next redraw.
            var line = lines[i].Length > width ? lines[i][..width] : lines[i];
            if (_terminal.UseColor)
            {
                line = i switch
                {
                    0 or 1 => DisplayText.Bold + line + DisplayText.Reset,
                    _ => DisplayText.Flag(line, snapshot.Consumers[i - 2], color: true),
                };
            }

            _output.Write("\r\u001b[2K");
            _output.Write(line);
            _output.Write('\n');
        }

        _linesDrawn = lines.Count;
        _output.Flush();
    }

    private void WritePlain(RunSnapshot snapshot)
    {
        var stamp = string.Create(CultureInfo.InvariantCulture, $"[{DisplayText.Duration(snapshot.Elapsed),9}]");
        _output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{stamp} {snapshot.Source}: {DisplayText.Duration(snapshot.StreamPosition)} of stream, {snapshot.FramesIn} frames"));
        foreach (var c in snapshot.Consumers)
        {
            _output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{stamp} {c.Consumer}: {c.Chunks} chunks, {DisplayText.Rate(c.ChunksPerSecond)}/s, lag {DisplayText.Duration(c.Lag)}, {c.Dropped} dropped, {c.Failed} failed, in flight {InFlight(c)}, {c.WorkerMode}"));
        }

        _lastPlain = snapshot.Elapsed;
        _output.Flush();
    }
}

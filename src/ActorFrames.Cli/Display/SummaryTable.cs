using System.Globalization;

namespace ActorFrames.Cli.Display;

/// <summary>Writes the end-of-run summary: how the run went, a table of the consumers, and where the output and the plot are.</summary>
internal static class SummaryTable
{
    /// <summary>Writes the summary.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="summary">What to report.</param>
    /// <param name="terminal">What the output can do (colour).</param>
    public static void Write(TextWriter output, RunSummary summary, TerminalCapabilities terminal)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(terminal);
        var final = summary.Final;
        var outcome = summary.Interrupted ? "Run interrupted" : "Run finished";
        var flushed = summary.Interrupted ? " (partial chunks flushed)" : string.Empty;
        var heading = string.Create(
            CultureInfo.InvariantCulture,
            $"{outcome} after {DisplayText.Duration(final.Elapsed)}: {DisplayText.Duration(final.StreamPosition)} of {final.Source}, {final.FramesIn} frames{flushed}.");
        output.WriteLine(terminal.UseColor ? DisplayText.Bold + heading + DisplayText.Reset : heading);
        output.WriteLine();

        var table = new TextTable(
            ["Consumer", "Mode", "Chunks", "Chunks/s", "Dropped", "Failed", "Final lag"],
            [false, false, true, true, true, true, true]);
        var seconds = final.Elapsed.TotalSeconds;
        foreach (var c in final.Consumers)
        {
            table.Add(
                c.Consumer,
                c.WorkerMode,
                DisplayText.Count(c.Chunks),
                DisplayText.Rate(seconds > 0 ? c.Chunks / seconds : double.NaN),
                DisplayText.Count(c.Dropped),
                DisplayText.Count(c.Failed),
                DisplayText.Duration(c.Lag));
        }

        var lines = table.Render();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (terminal.UseColor)
            {
                line = i == 0 ? DisplayText.Bold + line + DisplayText.Reset : DisplayText.Flag(line, final.Consumers[i - 1], color: true);
            }

            output.WriteLine(line);
        }

        output.WriteLine();
        if (summary.OutputFolder is not null)
        {
            output.WriteLine("Output: " + summary.OutputFolder);
        }

        output.WriteLine(summary.PlotPath is not null ? "Plot:   " + summary.PlotPath : "Plot:   none (no level results)");
        output.Flush();
    }
}

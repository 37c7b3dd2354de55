using System.Globalization;
using ActorFrames.Cli.Display;

namespace ActorFrames.Tests.Display;

public sealed class SummaryTableTests
{
    [Fact]
    public void Write_FinishedRun_ListsConsumersAndNamesThePlot()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);

        SummaryTable.Write(output, new RunSummary(Snapshots.At(4), "/data/out", "/data/out/level.svg"), TerminalCapabilities.Plain);

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal("Run finished after 4.0 s: 40.0 s of test-signal, 640 frames.", lines[0]);
        Assert.Equal("  Consumer  Mode        Chunks  Chunks/s  Dropped  Failed  Final lag", lines[2]);
        Assert.Equal("  level     inline          25       6.3        0       0      0.0 s", lines[3]);
        Assert.StartsWith("  spectrum  process(2)      20       5.0", lines[5], StringComparison.Ordinal);
        Assert.Contains("Output: /data/out", lines);
        Assert.Contains("Plot:   /data/out/level.svg", lines);
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void Write_InterruptedRunWithoutPlot_SaysSo()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);

        SummaryTable.Write(output, new RunSummary(Snapshots.At(1), null, null, Interrupted: true), TerminalCapabilities.Plain);

        var text = output.ToString();
        Assert.StartsWith("Run interrupted after 1.0 s", text, StringComparison.Ordinal);
        Assert.Contains("(partial chunks flushed)", text, StringComparison.Ordinal);
        Assert.Contains("Plot:   none", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Color_FlagsFailedConsumerRed()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);

        SummaryTable.Write(output, new RunSummary(Snapshots.At(1, segmentsFailed: 2), null, null), new TerminalCapabilities(true, true, 120));

        Assert.Contains(DisplayText.Red + "  segments", output.ToString(), StringComparison.Ordinal);
    }
}

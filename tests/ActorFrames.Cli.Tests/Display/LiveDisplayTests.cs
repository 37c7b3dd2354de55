using System.Globalization;
using ActorFrames.Cli.Display;

namespace ActorFrames.Tests.Display;

public sealed class LiveDisplayTests
{
    private const char Escape = '\u001b';

    [Fact]
    public void Update_Redirected_WritesPlainLinesWithEveryStatistic()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var display = new LiveDisplay(output, TerminalCapabilities.Plain);

        display.Update(Snapshots.At(1.0));

        var lines = Lines(output);
        Assert.Equal(4, lines.Length);
        Assert.Equal("[    1.0 s] test-signal: 10.0 s of stream, 160 frames", lines[0]);
        Assert.Equal("[    1.0 s] level: 25 chunks, 31.3/s, lag 0.0 s, 0 dropped, 0 failed, in flight 0/1, inline", lines[1]);
        Assert.Contains("spectrum: 20 chunks, 24.0/s, lag 1.5 s, 0 dropped, 0 failed, in flight 3/8, process(2)", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, output.ToString());
    }

    [Fact]
    public void Update_RedirectedWithinInterval_WritesOnlyOncePerInterval()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var display = new LiveDisplay(output, TerminalCapabilities.Plain, TimeSpan.FromSeconds(5));

        display.Update(Snapshots.At(1));
        display.Update(Snapshots.At(3));
        display.Update(Snapshots.At(5.9));
        display.Update(Snapshots.At(6));

        var lines = Lines(output);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("[    6.0 s]", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_Redirected_WritesTheFinalStateEvenWithinTheInterval()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var display = new LiveDisplay(output, TerminalCapabilities.Plain);

        display.Update(Snapshots.At(1));
        display.Complete(Snapshots.At(2, levelChunks: 40));

        Assert.Contains("level: 40 chunks", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Update_Terminal_RedrawsTheBlockInPlace()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var display = new LiveDisplay(output, new TerminalCapabilities(true, false, 120));

        display.Update(Snapshots.At(1));
        var first = output.ToString();
        display.Update(Snapshots.At(2, levelChunks: 50));
        var second = output.ToString()[first.Length..];

        Assert.DoesNotContain($"{Escape}[5A", first, StringComparison.Ordinal);
        Assert.StartsWith($"{Escape}[5A", second, StringComparison.Ordinal);
        Assert.Equal(5, second.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\r" + Escape + "[2K  level", second, StringComparison.Ordinal);
        Assert.Contains(" 50 ", second, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Escape}[1m", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_TerminalWithColor_FlagsDropsYellowAndFailuresRed()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var display = new LiveDisplay(output, new TerminalCapabilities(true, true, 120));

        display.Update(Snapshots.At(1, spectrumDropped: 3, segmentsFailed: 1));

        var text = output.ToString();
        Assert.Contains(DisplayText.Yellow + "  spectrum", text, StringComparison.Ordinal);
        Assert.Contains(DisplayText.Red + "  segments", text, StringComparison.Ordinal);
        Assert.Contains(DisplayText.Bold + "actorframes run: test-signal", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_NarrowTerminal_CutsLinesToTheWidth()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var display = new LiveDisplay(output, new TerminalCapabilities(true, false, 40));

        display.Update(Snapshots.At(1));

        foreach (var line in output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(line.Replace("\r" + Escape + "[2K", string.Empty, StringComparison.Ordinal).Length <= 39, $"'{line}' is wider than the 40-column terminal allows.");
        }
    }

    [Fact]
    public void Block_Snapshot_AlignsColumns()
    {
        var lines = LiveDisplay.Block(Snapshots.At(1));

        Assert.Equal("  consumer  mode        chunks  rate/s    lag  drops  failed  in-flight", lines[1]);
        Assert.Equal("  level     inline          25    31.3  0.0 s      0       0        0/1", lines[2]);
        Assert.Equal(lines[1].Length, lines[4].Length);
    }

    [Theory]
    [InlineData(false, null, null, true, true)]
    [InlineData(false, "1", null, true, false)]
    [InlineData(false, "", null, true, true)]
    [InlineData(true, null, null, false, false)]
    [InlineData(false, null, "dumb", false, false)]
    public void Detect_EnvironmentAndRedirection_ChoosesModeAndColor(bool redirected, string? noColor, string? term, bool interactive, bool color)
    {
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = term };

        var capabilities = TerminalCapabilities.Detect(redirected, 100, name => environment.GetValueOrDefault(name));

        Assert.Equal((interactive, color, 100), (capabilities.IsInteractive, capabilities.UseColor, capabilities.Width));
    }

    private static string[] Lines(StringWriter output)
        => output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}

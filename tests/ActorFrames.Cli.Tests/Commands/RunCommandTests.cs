using System.Globalization;
using System.Xml.Linq;
using ActorFrames.Sources.Generators;
using ActorFrames.Sources.Wav;

namespace ActorFrames.Tests.Commands;

[Trait("Category", "Integration")]
public sealed class RunCommandTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("actorframes-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Run_EmbeddedDefault_WritesSixTenSecondSegmentsAPlotAndCorrectLevels()
    {
        using var cli = CliProcess.Start(_folder, "run", "--output", "out");

        var exit = await cli.WaitAsync(s_timeout);

        Assert.True(exit == 0, $"exit {exit}\n{cli.Output}\n{cli.Error}");
        var output = Path.Combine(_folder, "out");
        var segments = Directory.GetFiles(Path.Combine(output, "segments"), "*.wav").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(6, segments.Length);
        foreach (var segment in segments)
        {
            var source = await WavFrameSource<float>.OpenAsync(segment);
            await using (source)
            {
                Assert.Equal(16_000, source.Format.SampleRate);
                Assert.Equal(10.0, source.TotalFrames!.Value / (double)source.Format.SampleRate, 3);
            }
        }

        var plot = XDocument.Load(Path.Combine(output, "level.svg"));
        XNamespace svg = "http://www.w3.org/2000/svg";
        var lines = plot.Descendants(svg + "polyline").ToDictionary(e => (string)e.Attribute("id")!, e => ((string)e.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(120, lines["rms"]);
        Assert.True(lines["dominant-frequency"] > 100, $"the plot should carry the spectrum's dominant frequency; it has {lines["dominant-frequency"]} points");
        Assert.Contains("level.svg", cli.Output, StringComparison.Ordinal);

        // Chunks that lie wholly inside a full-scale sine section read −3.01 dBFS RMS.
        var sines = new TestSignal(new TestSignalOptions { Duration = TimeSpan.FromSeconds(60), Seed = 1 }).Sections
            .Where(s => s.Kind == TestSignalKind.Sine && s.Amplitude == 1.0).ToList();
        var rows = File.ReadAllLines(Path.Combine(output, "level.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var origin = DateTimeOffset.Parse(rows[0][0], CultureInfo.InvariantCulture);
        var checkedRows = 0;
        foreach (var row in rows)
        {
            var start = DateTimeOffset.Parse(row[0], CultureInfo.InvariantCulture) - origin;
            var end = start + TimeSpan.FromSeconds(double.Parse(row[1], CultureInfo.InvariantCulture));
            if (sines.Any(s => s.Start <= start && end <= s.End))
            {
                Assert.InRange(double.Parse(row[2], CultureInfo.InvariantCulture), -3.06, -2.96);
                checkedRows++;
            }
        }

        Assert.True(checkedRows >= 20, $"expected at least 20 chunks inside full-scale sine sections, found {checkedRows}");
    }

    [Theory]
    [InlineData("--consumer", "level", "'level'")]
    [InlineData("--consumer", "level:zero", "SIZE 'zero'")]
    [InlineData("--config", "/nonexistent/af.json", "/nonexistent/af.json")]
    [InlineData("--duration", "-5", "--duration -5")]
    [InlineData("--bogus", "1", "--bogus")]
    public async Task Run_BadArgument_ExitsTwoNamingIt(string option, string value, string named)
    {
        using var cli = CliProcess.Start(_folder, "run", option, value);

        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(2, exit);
        Assert.Contains(named, cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SigintDuringARealtimeRun_ExitsZeroWithPartialChunksFlushed()
    {
        using var cli = CliProcess.Start(_folder, "run", "--realtime", "--output", "out", "--consumer", "segments:10s:segments:1");
        await cli.FirstLine.WaitAsync(s_timeout);

        cli.Interrupt();
        var exit = await cli.WaitAsync(s_timeout);

        Assert.True(exit == 0, $"exit {exit}\n{cli.Output}\n{cli.Error}");
        var segments = Directory.GetFiles(Path.Combine(_folder, "out", "segments"), "*.wav");
        var segment = Assert.Single(segments);
        var source = await WavFrameSource<float>.OpenAsync(segment);
        await using (source)
        {
            var seconds = source.TotalFrames!.Value / (double)source.Format.SampleRate;
            Assert.InRange(seconds, 0.01, 9.99);
        }
    }
}

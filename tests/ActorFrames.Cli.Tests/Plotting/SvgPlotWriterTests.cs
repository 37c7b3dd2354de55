using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using ActorFrames.Cli.Plotting;
using ActorFrames.Handlers;

namespace ActorFrames.Tests.Plotting;

public sealed class SvgPlotWriterTests
{
    private static readonly XNamespace s_svg = SvgPlotWriter.Namespace;
    private static readonly DateTimeOffset s_start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Write_LevelsAndFrequencies_ProducesSvgWithAxesTicksLegendAndTitle()
    {
        var document = Render(Sample());

        var root = document.Root!;
        Assert.Equal(s_svg + "svg", root.Name);
        Assert.Equal("test-signal: level and dominant frequency", root.Element(s_svg + "title")!.Value);
        Assert.Equal("test-signal: level and dominant frequency", ById(document, "title").Value);
        foreach (var axis in new[] { "time-axis", "level-axis", "frequency-axis" })
        {
            Assert.True(ById(document, axis).Elements(s_svg + "line").Count() >= 4, $"The {axis} should carry ticks.");
            Assert.True(ById(document, axis).Elements(s_svg + "text").Count() >= 3, $"The {axis} should carry tick labels and a label.");
        }

        Assert.Equal(
            ["RMS (dBFS)", "Peak (dBFS)", "Dominant frequency (Hz)"],
            ById(document, "legend").Elements(s_svg + "text").Select(static t => t.Value));
        Assert.Equal(["peak", "rms", "dominant-frequency"], document.Descendants(s_svg + "polyline").Select(static p => (string)p.Attribute("id")!));
    }

    [Theory]
    [InlineData("rms")]
    [InlineData("peak")]
    [InlineData("dominant-frequency")]
    public void Write_Series_PolylinePointsFollowTheData(string id)
    {
        var data = Sample();
        var series = id switch
        {
            "rms" => data.Rms,
            "peak" => data.Peak,
            _ => data.DominantFrequency,
        };

        var points = Points(Render(data), id);

        Assert.Equal(series.Length, points.Count);
        for (var i = 1; i < points.Count; i++)
        {
            // x is linear in time and y is linear in the value with a negative slope (up is larger).
            var xScale = (points[i].X - points[0].X) / (series[i].Seconds - series[0].Seconds);
            var expectedXScale = (points[1].X - points[0].X) / (series[1].Seconds - series[0].Seconds);
            Assert.Equal(expectedXScale, xScale, 0.05);
            if (series[i].Value != series[0].Value)
            {
                var yScale = (points[i].Y - points[0].Y) / (series[i].Value - series[0].Value);
                Assert.True(yScale < 0, $"Point {i} of {id}: a larger value must be drawn higher (smaller y).");
            }
        }

        var (time, level, frequency) = SvgPlotWriter.Layout(data);
        var axis = id == "dominant-frequency" ? frequency : level;
        for (var i = 0; i < points.Count; i++)
        {
            Assert.Equal(time.ToPixel(series[i].Seconds), points[i].X, 0.006);
            Assert.Equal(axis.ToPixel(series[i].Value), points[i].Y, 0.006);
        }
    }

    [Fact]
    public void Write_SilenceAndMissingValues_ClampsNegativeInfinityToTheAxisAndSkipsNaN()
    {
        var data = new LevelPlotData(
            "silence",
            [new(0.25, -3), new(0.75, double.NegativeInfinity), new(1.25, -20)],
            [new(0.25, 0), new(0.75, double.NaN), new(1.25, -10)],
            []);

        var document = Render(data);

        var rms = Points(document, "rms");
        var (_, level, _) = SvgPlotWriter.Layout(data);
        Assert.Equal(level.PixelStart, rms[1].Y, 0.006);
        Assert.Equal(2, Points(document, "peak").Count);
        Assert.DoesNotContain(document.Descendants(s_svg + "polyline"), static p => (string?)p.Attribute("id") == "dominant-frequency");
        Assert.Equal(2, ById(document, "legend").Elements(s_svg + "text").Count());
    }

    [Fact]
    public void Write_TitleWithMarkup_IsEscaped()
    {
        var document = Render(new LevelPlotData("<a & b>", [new(0, -3)], [new(0, 0)], []));

        Assert.Equal("<a & b>", ById(document, "title").Value);
    }

    [Fact]
    public void FromResults_LevelAndSpectrum_PlacesPointsAtChunkMiddlesFromTheEarliestChunk()
    {
        LevelResult[] levels =
        [
            new(s_start.AddSeconds(0.5), TimeSpan.FromSeconds(0.5), -3, 0),
            new(s_start, TimeSpan.FromSeconds(0.5), -6, -1),
        ];
        SpectrumResult[] spectra = [new(s_start, TimeSpan.FromSeconds(2), 1000, default)];

        var data = LevelPlotData.FromResults("t", levels, spectra);

        Assert.Equal<PlotPoint>([new(0.25, -6), new(0.75, -3)], data.Rms.ToArray());
        Assert.Equal<PlotPoint>([new(0.25, -1), new(0.75, 0)], data.Peak.ToArray());
        Assert.Equal<PlotPoint>([new(1.0, 1000)], data.DominantFrequency.ToArray());
    }

    [Fact]
    public async Task WriteFileAsync_NewFolder_CreatesAParsableFile()
    {
        var folder = Directory.CreateTempSubdirectory("actorframes-plot-");
        try
        {
            var path = Path.Combine(folder.FullName, "nested", "level.svg");

            await SvgPlotWriter.WriteFileAsync(path, Sample(), CancellationToken.None);

            Assert.Equal(s_svg + "svg", XDocument.Load(path).Root!.Name);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static LevelPlotData Sample()
    {
        var rms = ImmutableArray.CreateBuilder<PlotPoint>();
        var peak = ImmutableArray.CreateBuilder<PlotPoint>();
        var dominant = ImmutableArray.CreateBuilder<PlotPoint>();
        for (var i = 0; i < 40; i++)
        {
            var t = 0.25 + (i * 0.5);
            rms.Add(new PlotPoint(t, -3.01 - (i % 7)));
            peak.Add(new PlotPoint(t, -(i % 5) * 0.5));
            if (i % 2 == 0)
            {
                dominant.Add(new PlotPoint(t + 0.75, 50 * Math.Pow(1.25, i / 2.0)));
            }
        }

        return new LevelPlotData("test-signal: level and dominant frequency", rms.ToImmutable(), peak.ToImmutable(), dominant.ToImmutable());
    }

    private static XDocument Render(LevelPlotData data)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        SvgPlotWriter.Write(writer, data);
        return XDocument.Parse(writer.ToString());
    }

    private static XElement ById(XDocument document, string id)
        => document.Descendants().SingleOrDefault(e => (string?)e.Attribute("id") == id)
            ?? throw new Xunit.Sdk.XunitException($"The SVG has no element with id '{id}'.");

    private static List<(double X, double Y)> Points(XDocument document, string id)
    {
        var points = new List<(double, double)>();
        foreach (var pair in ((string)ById(document, id).Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(',');
            points.Add((double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture)));
        }

        return points;
    }
}

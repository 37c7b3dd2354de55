using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Xml;

namespace ActorFrames.Cli.Plotting;

/// <summary>
/// Writes the level plot as SVG: RMS and peak level in dBFS over time on the left axis, the spectrum's
/// dominant frequency on the right axis, with grid, ticks, axis labels, a legend and a title.
/// </summary>
internal static class SvgPlotWriter
{
    /// <summary>The width of the picture in pixels.</summary>
    public const int Width = 960;

    /// <summary>The height of the picture in pixels.</summary>
    public const int Height = 480;

    /// <summary>The SVG namespace.</summary>
    public const string Namespace = "http://www.w3.org/2000/svg";

    private const double Left = 72;
    private const double Right = Width - 88;
    private const double Top = 64;
    private const double Bottom = Height - 56;
    private const double LowestLevel = -120;
    private const string RmsColour = "#1f77b4";
    private const string PeakColour = "#ff7f0e";
    private const string FrequencyColour = "#2ca02c";

    /// <summary>Writes the plot to a file (UTF-8), creating its folder.</summary>
    /// <param name="path">The file.</param>
    /// <param name="data">What to plot.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public static async Task WriteFileAsync(string path, LevelPlotData data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, data);
        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the plot.</summary>
    /// <param name="writer">Where the SVG goes.</param>
    /// <param name="data">What to plot.</param>
    public static void Write(TextWriter writer, LevelPlotData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        var layout = Layout(data);
        using var xml = XmlWriter.Create(writer, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true });
        xml.WriteStartElement("svg", Namespace);
        Attribute(xml, "width", Width);
        Attribute(xml, "height", Height);
        xml.WriteAttributeString("viewBox", $"0 0 {Width} {Height}");
        xml.WriteAttributeString("font-family", "sans-serif");
        xml.WriteAttributeString("font-size", "12");
        xml.WriteElementString("title", Namespace, data.Title);

        Rect(xml, null, 0, 0, Width, Height, "white", "none");
        Text(xml, "title", Width / 2.0, 28, data.Title, "middle", 16, "bold");
        WriteTimeAxis(xml, layout.Time);
        WriteLevelAxis(xml, layout.Level);
        if (!data.DominantFrequency.IsEmpty)
        {
            WriteFrequencyAxis(xml, layout.Frequency);
        }

        Rect(xml, "frame", Left, Top, Right - Left, Bottom - Top, "none", "#333");
        Series(xml, "peak", data.Peak, layout.Time, layout.Level, PeakColour, "4 3");
        Series(xml, "rms", data.Rms, layout.Time, layout.Level, RmsColour, null);
        Series(xml, "dominant-frequency", data.DominantFrequency, layout.Time, layout.Frequency, FrequencyColour, null);
        WriteLegend(xml, !data.DominantFrequency.IsEmpty);
        xml.WriteEndElement();
    }

    /// <summary>Gets the axes the plot of <paramref name="data"/> uses (for tests that map points back to values).</summary>
    /// <param name="data">What is plotted.</param>
    /// <returns>The time, level and frequency axes.</returns>
    internal static (PlotAxis Time, PlotAxis Level, PlotAxis Frequency) Layout(LevelPlotData data)
    {
        var maxTime = 0.0;
        double lowLevel = double.PositiveInfinity, highLevel = double.NegativeInfinity, highFrequency = 0;
        foreach (var series in (ReadOnlySpan<ImmutableArray<PlotPoint>>)[data.Rms, data.Peak, data.DominantFrequency])
        {
            foreach (var point in series)
            {
                maxTime = Math.Max(maxTime, point.Seconds);
            }
        }

        foreach (var series in (ReadOnlySpan<ImmutableArray<PlotPoint>>)[data.Rms, data.Peak])
        {
            foreach (var point in series)
            {
                if (double.IsFinite(point.Value))
                {
                    lowLevel = Math.Min(lowLevel, point.Value);
                    highLevel = Math.Max(highLevel, point.Value);
                }
            }
        }

        foreach (var point in data.DominantFrequency)
        {
            if (double.IsFinite(point.Value))
            {
                highFrequency = Math.Max(highFrequency, point.Value);
            }
        }

        lowLevel = double.IsFinite(lowLevel) ? Math.Max(lowLevel, LowestLevel) : -60;
        highLevel = double.IsFinite(highLevel) ? Math.Max(highLevel, 0) : 0;
        var time = PlotAxis.Covering(0, Math.Max(maxTime, 1), Left, Right, 10);
        var level = PlotAxis.Covering(lowLevel, highLevel, Bottom, Top, 6);
        var frequency = PlotAxis.Covering(0, Math.Max(highFrequency, 100), Bottom, Top, 6);
        return (time, level, frequency);
    }

    private static void WriteTimeAxis(XmlWriter xml, PlotAxis axis)
    {
        Group(xml, "time-axis");
        foreach (var tick in axis.Ticks())
        {
            var x = axis.ToPixel(tick);
            Line(xml, x, Top, x, Bottom, "#e5e5e5", null);
            Line(xml, x, Bottom, x, Bottom + 5, "#333", null);
            Text(xml, null, x, Bottom + 18, Format(tick), "middle");
        }

        Text(xml, "time-label", (Left + Right) / 2, Height - 16, "Time (s)", "middle");
        xml.WriteEndElement();
    }

    private static void WriteLevelAxis(XmlWriter xml, PlotAxis axis)
    {
        Group(xml, "level-axis");
        foreach (var tick in axis.Ticks())
        {
            var y = axis.ToPixel(tick);
            Line(xml, Left, y, Right, y, "#e5e5e5", null);
            Line(xml, Left - 5, y, Left, y, "#333", null);
            Text(xml, null, Left - 8, y + 4, Format(tick), "end");
        }

        xml.WriteStartElement("text", Namespace);
        xml.WriteAttributeString("id", "level-label");
        xml.WriteAttributeString("text-anchor", "middle");
        xml.WriteAttributeString("transform", string.Create(CultureInfo.InvariantCulture, $"translate(20 {(Top + Bottom) / 2:0.##}) rotate(-90)"));
        xml.WriteString("Level (dBFS)");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteFrequencyAxis(XmlWriter xml, PlotAxis axis)
    {
        Group(xml, "frequency-axis");
        foreach (var tick in axis.Ticks())
        {
            var y = axis.ToPixel(tick);
            Line(xml, Right, y, Right + 5, y, FrequencyColour, null);
            Text(xml, null, Right + 8, y + 4, Format(tick), "start");
        }

        xml.WriteStartElement("text", Namespace);
        xml.WriteAttributeString("id", "frequency-label");
        xml.WriteAttributeString("text-anchor", "middle");
        xml.WriteAttributeString("fill", FrequencyColour);
        xml.WriteAttributeString("transform", string.Create(CultureInfo.InvariantCulture, $"translate({Width - 14} {(Top + Bottom) / 2:0.##}) rotate(90)"));
        xml.WriteString("Dominant frequency (Hz)");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteLegend(XmlWriter xml, bool withFrequency)
    {
        Group(xml, "legend");
        var x = Left + 8;
        const double Y = Top - 14;
        Span<(string Label, string Colour, string? Dash)> entries =
        [
            ("RMS (dBFS)", RmsColour, null),
            ("Peak (dBFS)", PeakColour, "4 3"),
            ("Dominant frequency (Hz)", FrequencyColour, null),
        ];
        var count = withFrequency ? entries.Length : 2;
        for (var i = 0; i < count; i++)
        {
            var (label, colour, dash) = entries[i];
            Line(xml, x, Y, x + 24, Y, colour, dash, 2);
            Text(xml, null, x + 30, Y + 4, label, "start");
            x += 48 + (label.Length * 6.5);
        }

        xml.WriteEndElement();
    }

    private static void Series(XmlWriter xml, string id, ImmutableArray<PlotPoint> points, PlotAxis x, PlotAxis y, string colour, string? dash)
    {
        if (points.IsEmpty)
        {
            return;
        }

        var text = new StringBuilder(points.Length * 14);
        foreach (var point in points)
        {
            if (double.IsNaN(point.Value))
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(CultureInfo.InvariantCulture, $"{x.ToPixel(point.Seconds):0.##},{y.ToPixel(point.Value):0.##}");
        }

        xml.WriteStartElement("polyline", Namespace);
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("fill", "none");
        xml.WriteAttributeString("stroke", colour);
        xml.WriteAttributeString("stroke-width", "1.5");
        if (dash is not null)
        {
            xml.WriteAttributeString("stroke-dasharray", dash);
        }

        xml.WriteAttributeString("points", text.ToString());
        xml.WriteEndElement();
    }

    private static void Group(XmlWriter xml, string id)
    {
        xml.WriteStartElement("g", Namespace);
        xml.WriteAttributeString("id", id);
    }

    private static void Rect(XmlWriter xml, string? id, double x, double y, double width, double height, string fill, string stroke)
    {
        xml.WriteStartElement("rect", Namespace);
        if (id is not null)
        {
            xml.WriteAttributeString("id", id);
        }

        Attribute(xml, "x", x);
        Attribute(xml, "y", y);
        Attribute(xml, "width", width);
        Attribute(xml, "height", height);
        xml.WriteAttributeString("fill", fill);
        xml.WriteAttributeString("stroke", stroke);
        xml.WriteEndElement();
    }

    private static void Line(XmlWriter xml, double x1, double y1, double x2, double y2, string stroke, string? dash, double width = 1)
    {
        xml.WriteStartElement("line", Namespace);
        Attribute(xml, "x1", x1);
        Attribute(xml, "y1", y1);
        Attribute(xml, "x2", x2);
        Attribute(xml, "y2", y2);
        xml.WriteAttributeString("stroke", stroke);
        Attribute(xml, "stroke-width", width);
        if (dash is not null)
        {
            xml.WriteAttributeString("stroke-dasharray", dash);
        }

        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, string? id, double x, double y, string content, string anchor, int size = 12, string? weight = null)
    {
        xml.WriteStartElement("text", Namespace);
        if (id is not null)
        {
            xml.WriteAttributeString("id", id);
        }

        Attribute(xml, "x", x);
        Attribute(xml, "y", y);
        xml.WriteAttributeString("text-anchor", anchor);
        if (size != 12)
        {
            Attribute(xml, "font-size", size);
        }

        if (weight is not null)
        {
            xml.WriteAttributeString("font-weight", weight);
        }

        xml.WriteString(content);
        xml.WriteEndElement();
    }

    private static void Attribute(XmlWriter xml, string name, double value)
        => xml.WriteAttributeString(name, value.ToString("0.##", CultureInfo.InvariantCulture));

    private static string Format(double tick) => tick.ToString("0.###", CultureInfo.InvariantCulture);
}

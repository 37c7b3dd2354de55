using System.Globalization;
using System.Security;
using System.Text;
using ActorFrames.Handlers;

namespace ActorFrames.Cli.Run;

/// <summary>An SVG plot of level (RMS and peak dBFS) over time, with the dominant frequency on a second axis.</summary>
internal static class LevelPlot
{
    private const double Width = 960;
    private const double Height = 420;
    private const double Left = 70;
    private const double Right = 80;
    private const double Top = 50;
    private const double Bottom = 50;
    private const double MinDb = -80;
    private const double MaxDb = 0;

    /// <summary>Renders the plot.</summary>
    /// <param name="levels">Level results, in time order.</param>
    /// <param name="spectra">Spectrum results, in time order.</param>
    /// <returns>The SVG document.</returns>
    public static string Render(IReadOnlyList<LevelResult> levels, IReadOnlyList<SpectrumResult> spectra)
    {
        var origin = levels.Count > 0 ? levels[0].Timestamp : spectra.Count > 0 ? spectra[0].Timestamp : DateTimeOffset.UnixEpoch;
        var end = Math.Max(
            levels.Count > 0 ? (levels[^1].Timestamp + levels[^1].Duration - origin).TotalSeconds : 0,
            spectra.Count > 0 ? (spectra[^1].Timestamp + spectra[^1].Duration - origin).TotalSeconds : 0);
        end = Math.Max(end, 1);
        var maxHz = spectra.Count > 0 ? NiceCeiling(spectra.Max(s => s.DominantFrequency)) : 1000;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double seconds) => Left + (seconds / end * plotWidth);
        double YDb(double db) => Top + ((MaxDb - Math.Clamp(double.IsFinite(db) ? db : MinDb, MinDb, MaxDb)) / (MaxDb - MinDb) * plotHeight);
        double YHz(double hz) => Top + ((1 - (Math.Clamp(hz, 0, maxHz) / maxHz)) * plotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">Level over time, with the dominant frequency</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#444\"/>\n");
        for (var db = MinDb; db <= MaxDb; db += 10)
        {
            var y = YDb(db);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.##}\" x2=\"{Left + plotWidth}\" y2=\"{y:0.##}\" stroke=\"#ddd\"/><text x=\"{Left - 6}\" y=\"{y + 4:0.##}\" text-anchor=\"end\">{db}</text>\n");
        }

        for (var i = 0; i <= 4; i++)
        {
            var hz = maxHz * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotWidth + 6}\" y=\"{YHz(hz) + 4:0.##}\" fill=\"#d95f02\">{hz:0}</text>\n");
        }

        var step = NiceCeiling(end / 10);
        for (var t = 0.0; t <= end + 1e-9; t += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(t):0.##}\" y1=\"{Top + plotHeight}\" x2=\"{X(t):0.##}\" y2=\"{Top + plotHeight + 5}\" stroke=\"#444\"/><text x=\"{X(t):0.##}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\">{t:0.#}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 10}\" text-anchor=\"middle\">time (s)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(18 {Top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">level (dBFS)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({Width - 14} {Top + (plotHeight / 2)}) rotate(90)\" text-anchor=\"middle\" fill=\"#d95f02\">dominant frequency (Hz)</text>\n");
        Polyline(svg, "peak", "#9ecae1", levels.Select(l => (X((l.Timestamp - origin).TotalSeconds), YDb(l.PeakDbfs))));
        Polyline(svg, "rms", "#08519c", levels.Select(l => (X((l.Timestamp - origin).TotalSeconds), YDb(l.RmsDbfs))));
        Polyline(svg, "dominant", "#d95f02", spectra.Select(s => (X((s.Timestamp - origin).TotalSeconds), YHz(s.DominantFrequency))));
        Legend(svg, 0, "#08519c", "RMS (dBFS)");
        Legend(svg, 1, "#9ecae1", "peak (dBFS)");
        Legend(svg, 2, "#d95f02", "dominant frequency (Hz)");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Polyline(StringBuilder svg, string id, string color, IEnumerable<(double X, double Y)> points)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<polyline id=\"{SecurityElement.Escape(id)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"");
        foreach (var (x, y) in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"{x:0.##},{y:0.##} ");
        }

        svg.Append("\"/>\n");
    }

    private static void Legend(StringBuilder svg, int row, string color, string label)
    {
        var y = Top + 14 + (row * 16);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left + 10}\" y1=\"{y - 4}\" x2=\"{Left + 30}\" y2=\"{y - 4}\" stroke=\"{color}\" stroke-width=\"3\"/><text x=\"{Left + 36}\" y=\"{y}\">{SecurityElement.Escape(label)}</text>\n");
    }

    private static double NiceCeiling(double value)
    {
        if (!(value > 0))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var fraction = value / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}

using System.Collections.Immutable;
using ActorFrames.Handlers;

namespace ActorFrames.Cli.Plotting;

/// <summary>What the level plot shows: RMS and peak over time, and the spectrum's dominant frequency on a second axis.</summary>
/// <param name="Title">The title above the plot.</param>
/// <param name="Rms">RMS level points in dBFS, in time order.</param>
/// <param name="Peak">Peak level points in dBFS, in time order.</param>
/// <param name="DominantFrequency">Dominant frequency points in hertz, in time order (may be empty).</param>
internal sealed record LevelPlotData(string Title, ImmutableArray<PlotPoint> Rms, ImmutableArray<PlotPoint> Peak, ImmutableArray<PlotPoint> DominantFrequency)
{
    /// <summary>Builds the plot data from handler results, placing each at the middle of its chunk.</summary>
    /// <param name="title">The title.</param>
    /// <param name="levels">The <c>level</c> consumer's results, in any order.</param>
    /// <param name="spectra">The <c>spectrum</c> consumer's results, in any order.</param>
    /// <returns>The data, with time measured from the earliest chunk of either consumer.</returns>
    public static LevelPlotData FromResults(string title, IEnumerable<LevelResult> levels, IEnumerable<SpectrumResult> spectra)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(spectra);
        var levelList = levels.OrderBy(static l => l.Timestamp).ToList();
        var spectrumList = spectra.OrderBy(static s => s.Timestamp).ToList();
        var origin = DateTimeOffset.MaxValue;
        if (levelList.Count > 0)
        {
            origin = levelList[0].Timestamp;
        }

        if (spectrumList.Count > 0 && spectrumList[0].Timestamp < origin)
        {
            origin = spectrumList[0].Timestamp;
        }

        var rms = ImmutableArray.CreateBuilder<PlotPoint>(levelList.Count);
        var peak = ImmutableArray.CreateBuilder<PlotPoint>(levelList.Count);
        foreach (var level in levelList)
        {
            var t = Middle(level.Timestamp, level.Duration, origin);
            rms.Add(new PlotPoint(t, level.RmsDbfs));
            peak.Add(new PlotPoint(t, level.PeakDbfs));
        }

        var dominant = ImmutableArray.CreateBuilder<PlotPoint>(spectrumList.Count);
        foreach (var spectrum in spectrumList)
        {
            dominant.Add(new PlotPoint(Middle(spectrum.Timestamp, spectrum.Duration, origin), spectrum.DominantFrequency));
        }

        return new LevelPlotData(title, rms.MoveToImmutable(), peak.MoveToImmutable(), dominant.MoveToImmutable());
    }

    private static double Middle(DateTimeOffset timestamp, TimeSpan duration, DateTimeOffset origin)
        => (timestamp - origin + (duration / 2)).TotalSeconds;
}

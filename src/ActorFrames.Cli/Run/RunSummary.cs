using System.Globalization;
using ActorFrames.Pipelines;

namespace ActorFrames.Cli.Run;

/// <summary>What a run produced, and its summary table.</summary>
/// <param name="Consumers">Each consumer's final statistics.</param>
/// <param name="FramesRead">Frames the source produced.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <param name="PlotPath">The SVG plot.</param>
/// <param name="LevelCsvPath">The CSV of levels.</param>
/// <param name="Segments">The WAV segment files written.</param>
/// <param name="Failures">Chunks that failed, one line each.</param>
internal sealed record RunSummary(
    IReadOnlyList<ConsumerStatistics> Consumers,
    long FramesRead,
    TimeSpan Elapsed,
    string PlotPath,
    string LevelCsvPath,
    IReadOnlyList<string> Segments,
    IReadOnlyList<string> Failures)
{
    /// <summary>Writes the summary table.</summary>
    /// <param name="output">Where to.</param>
    public void Write(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {Elapsed.TotalSeconds:0.00} s: {FramesRead} frames."));
        output.WriteLine($"{"consumer",-10} {"mode",-11} {"frames",8} {"chunks",7} {"results",8} {"failed",7} {"dropped",8}");
        foreach (var c in Consumers)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Name,-10} {c.Mode,-11} {c.FramesIn,8} {c.ChunksOut,7} {c.Results,8} {c.Failed,7} {c.ChunksDropped + c.FramesDropped,8}"));
        }

        output.WriteLine($"plot:     {PlotPath}");
        output.WriteLine($"levels:   {LevelCsvPath}");
        output.WriteLine($"segments: {Segments.Count} WAV files in {(Segments.Count > 0 ? Path.GetDirectoryName(Segments[0]) : "-")}");
        foreach (var failure in Failures)
        {
            output.WriteLine($"failed:   {failure}");
        }
    }
}

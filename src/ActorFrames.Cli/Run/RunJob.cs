using System.Collections.Concurrent;
using System.Globalization;
using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.Pipelines;
using ActorFrames.Results;
using ActorFrames.Workers;

namespace ActorFrames.Cli.Run;

/// <summary>
/// Runs one capture: the source through the consumers, a progress line per consumer while it runs, and at
/// the end a summary table, a CSV of the levels and an SVG plot of level over time with the dominant frequency.
/// </summary>
internal sealed class RunJob(IReadOnlyList<RunConsumer> consumers, string outputFolder, TextWriter output, TimeSpan progressInterval)
{
    private readonly ConcurrentQueue<LevelResult> _levels = new();
    private readonly ConcurrentQueue<SpectrumResult> _spectra = new();
    private readonly ConcurrentQueue<SegmentResult> _segments = new();
    private readonly ConcurrentQueue<string> _failures = new();

    /// <summary>Runs the capture to the end of the source or until <paramref name="cancellationToken"/> fires (then cleanly).</summary>
    /// <returns>The summary.</returns>
    public async Task<RunSummary> RunAsync(IAsyncEnumerable<Frame<float>> frames, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outputFolder);
        var segmentsFolder = Path.GetFullPath(Path.Combine(outputFolder, "segments"));
        var registry = BuiltInHandlers.Register(new HandlerRegistry(), segmentsFolder);
        var builder = Pipeline.From(frames).WithHandlers(registry);
        foreach (var consumer in consumers)
        {
            var options = consumer.ToOptions(segmentsFolder);
            builder = consumer.Handler switch
            {
                BuiltInHandlers.Level => builder.Consumer<LevelResult>(options, r => Collect(r, _levels)),
                BuiltInHandlers.Spectrum => builder.Consumer<SpectrumResult>(options, r => Collect(r, _spectra)),
                BuiltInHandlers.Segments => builder.Consumer<SegmentResult>(options, r => Collect(r, _segments)),
                _ => throw new ArgumentException($"--consumer {consumer.Name}: handler '{consumer.Handler}' is not one that run can report on; use level, spectrum or segments."),
            };
        }

        var started = TimeProvider.System.GetTimestamp();
        var run = builder.Start(cancellationToken);
        await using (run.ConfigureAwait(false))
        {
            using var ticker = new PeriodicTimer(progressInterval);
            var completion = run.Completion;
            while (!completion.IsCompleted)
            {
                var tick = ticker.WaitForNextTickAsync(CancellationToken.None).AsTask();
                await Task.WhenAny(completion, tick).ConfigureAwait(false);
                if (!completion.IsCompleted)
                {
                    WriteProgress(run.GetStatistics(), TimeProvider.System.GetElapsedTime(started));
                }
            }

            await completion.ConfigureAwait(false);
            var statistics = run.GetStatistics();
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var levels = _levels.OrderBy(l => l.Timestamp).ToList();
            var spectra = _spectra.OrderBy(s => s.Timestamp).ToList();
            var plot = Path.Combine(outputFolder, "level.svg");
            await File.WriteAllTextAsync(plot, LevelPlot.Render(levels, spectra), CancellationToken.None).ConfigureAwait(false);
            var csv = Path.Combine(outputFolder, "level.csv");
            await File.WriteAllLinesAsync(csv, LevelCsv(levels), CancellationToken.None).ConfigureAwait(false);
            var summary = new RunSummary(statistics, run.FramesRead, elapsed, plot, csv, [.. _segments.OrderBy(s => s.Timestamp).Select(s => s.Path)], [.. _failures]);
            summary.Write(output);
            return summary;
        }
    }

    private static IEnumerable<string> LevelCsv(List<LevelResult> levels)
    {
        yield return "timestamp,duration_s,rms_dbfs,peak_dbfs";
        foreach (var level in levels)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{level.Timestamp:O},{level.Duration.TotalSeconds:0.###},{level.RmsDbfs:0.###},{level.PeakDbfs:0.###}");
        }
    }

    private void Collect<TResult>(ChunkResult<TResult> result, ConcurrentQueue<TResult> into)
    {
        if (result.IsSuccess)
        {
            into.Enqueue(result.Value!);
        }
        else
        {
            _failures.Enqueue($"{result.Chunk.Consumer}#{result.Chunk.Sequence}: {result.Error!.Message}");
        }
    }

    private void WriteProgress(IReadOnlyList<ConsumerStatistics> statistics, TimeSpan elapsed)
    {
        foreach (var s in statistics)
        {
            var rate = elapsed.TotalSeconds > 0 ? s.ChunksOut / elapsed.TotalSeconds : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{elapsed.TotalSeconds,6:0.0}s] {s.Name,-10} {s.Mode,-11} chunks {s.ChunksOut,6} ({rate,7:0.0}/s)  results {s.Results,6}  in-flight {s.InFlight,3}  lag {s.Lag.TotalSeconds,5:0.0}s  dropped {s.ChunksDropped + s.FramesDropped,4}"));
        }
    }
}

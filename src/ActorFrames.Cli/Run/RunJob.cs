using System.Collections.Concurrent;
using System.Globalization;
using ActorFrames.Cli.Display;
using ActorFrames.Cli.Plotting;
using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.Pipelines;
using ActorFrames.Results;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Cli.Run;

/// <summary>
/// Runs one capture: the source through the plan's consumers with a live display, and at the end a summary
/// table, a CSV of the levels and an SVG plot of level over time with the dominant frequency.
/// </summary>
internal sealed class RunJob(RunPlan plan, HandlerRegistry registry, TextWriter output, TerminalCapabilities terminal, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentQueue<LevelResult> _levels = new();
    private readonly ConcurrentQueue<SpectrumResult> _spectra = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, long> _others = new(StringComparer.Ordinal);
    private long _streamTicks;

    /// <summary>Gets the chunks that failed, one line each.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Runs the capture to the end of the source or until <paramref name="cancellationToken"/> fires (then cleanly).</summary>
    /// <param name="sourceName">The source, for the display.</param>
    /// <param name="frames">The frames.</param>
    /// <param name="cancellationToken">Stops the run cleanly: partial chunks are flushed.</param>
    /// <returns>The summary.</returns>
    public async Task<RunSummary> RunAsync(string sourceName, IAsyncEnumerable<Frame<float>> frames, CancellationToken cancellationToken)
    {
        var outputFolder = plan.Options.OutputFolder;
        Directory.CreateDirectory(outputFolder);
        var builder = Pipeline.From(Track(frames, cancellationToken)).WithHandlers(registry).WithLoggerFactory(loggerFactory);
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var consumer in plan.Consumers)
        {
            limits[consumer.Name] = consumer.MaxInFlight;
            var resultType = registry.Get(consumer.Handler).ResultType;
            builder = resultType == typeof(LevelResult) ? builder.Consumer<LevelResult>(consumer, r => Collect(r, _levels))
                : resultType == typeof(SpectrumResult) ? builder.Consumer<SpectrumResult>(consumer, r => Collect(r, _spectra))
                : resultType == typeof(SegmentResult) ? builder.Consumer<SegmentResult>(consumer, Count)
                : resultType == typeof(long) ? builder.Consumer<long>(consumer, Count)
                : throw new ArgumentException($"{consumer.Name}: handler '{consumer.Handler}' returns {resultType.Name}, which run does not report on.");
        }

        var display = new LiveDisplay(output, terminal);
        var started = TimeProvider.System.GetTimestamp();
        var interrupted = false;
        RunSnapshot? snapshot = null;
        var run = builder.Start(cancellationToken);
        await using (run.ConfigureAwait(false))
        {
            using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            var completion = run.Completion;
            while (!completion.IsCompleted)
            {
                await Task.WhenAny(completion, ticker.WaitForNextTickAsync(CancellationToken.None).AsTask()).ConfigureAwait(false);
                snapshot = Snapshot(run, sourceName, started, snapshot, limits);
                if (!completion.IsCompleted)
                {
                    display.Update(snapshot);
                }
            }

            await completion.ConfigureAwait(false);
            interrupted = cancellationToken.IsCancellationRequested;
            snapshot = Snapshot(run, sourceName, started, snapshot, limits);
        }

        display.Complete(snapshot);
        var levels = _levels.OrderBy(l => l.Timestamp).ToList();
        var spectra = _spectra.OrderBy(s => s.Timestamp).ToList();
        var plot = Path.Combine(outputFolder, "level.svg");
        await SvgPlotWriter.WriteFileAsync(plot, LevelPlotData.FromResults($"{sourceName}: level and dominant frequency", levels, spectra), CancellationToken.None).ConfigureAwait(false);
        await File.WriteAllLinesAsync(Path.Combine(outputFolder, "level.csv"), LevelCsv(levels), CancellationToken.None).ConfigureAwait(false);
        var summary = new RunSummary(snapshot, Path.GetFullPath(outputFolder), Path.GetFullPath(plot), interrupted);
        SummaryTable.Write(output, summary, terminal);
        foreach (var failure in _failures)
        {
            output.WriteLine($"failed: {failure}");
        }

        return summary;
    }

    private RunSnapshot Snapshot(PipelineRun run, string source, long started, RunSnapshot? previous, Dictionary<string, int> limits)
    {
        var statistics = run.GetStatistics();
        var position = TimeSpan.FromTicks(Interlocked.Read(ref _streamTicks));
        return RunSnapshot.FromPipeline(source, TimeProvider.System.GetElapsedTime(started), position, run.FramesRead, statistics, previous, limits);
    }

    /// <summary>Passes the frames on, noting how much stream time they cover.</summary>
    private async IAsyncEnumerable<Frame<float>> Track(IAsyncEnumerable<Frame<float>> frames, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        DateTimeOffset? first = null;
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            first ??= frame.Timestamp;
            var end = frame.Timestamp - first.Value;
            if (frame.SampleRate is { } rate)
            {
                end += TimeSpan.FromSeconds(frame.FrameCount / rate);
            }

            Interlocked.Exchange(ref _streamTicks, end.Ticks);
            yield return frame;
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
            Fail(result.Chunk, result.Error!);
        }
    }

    private void Count<TResult>(ChunkResult<TResult> result)
    {
        if (result.IsSuccess)
        {
            _others.AddOrUpdate(result.Chunk.Consumer, 1, static (_, n) => n + 1);
        }
        else
        {
            Fail(result.Chunk, result.Error!);
        }
    }

    private void Fail(in ChunkInfo chunk, Exception error) => _failures.Enqueue($"{chunk.Consumer}#{chunk.Sequence}: {error.Message}");
}

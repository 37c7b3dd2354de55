using System.Collections.Immutable;
using ActorFrames.Pipelines;

namespace ActorFrames.Cli.Display;

/// <summary>The whole run at one moment: what the live display draws.</summary>
/// <param name="Source">The input's name (<c>test-signal</c>, a file name, <c>mic</c>).</param>
/// <param name="Elapsed">Wall-clock time since the run started.</param>
/// <param name="StreamPosition">How much stream time the source has produced.</param>
/// <param name="FramesIn">Frames taken from the source.</param>
/// <param name="Consumers">Each consumer's progress, in display order.</param>
internal sealed record RunSnapshot(string Source, TimeSpan Elapsed, TimeSpan StreamPosition, long FramesIn, ImmutableArray<ConsumerProgress> Consumers)
{
    /// <summary>Builds a snapshot from a running pipeline's statistics.</summary>
    /// <param name="source">The input's name.</param>
    /// <param name="elapsed">Wall-clock time since the run started.</param>
    /// <param name="streamPosition">How much stream time the source has produced.</param>
    /// <param name="framesIn">Frames read from the source (<see cref="PipelineRun.FramesRead"/>).</param>
    /// <param name="statistics">The pipeline's statistics (<see cref="PipelineRun.GetStatistics"/>).</param>
    /// <param name="previous">The previous snapshot, for the chunk rate over the period since; <see langword="null"/> for the rate since the start.</param>
    /// <param name="maxInFlight">Each consumer's in-flight limit by name, or <see langword="null"/> when unknown (then 0 is shown as no limit).</param>
    /// <returns>The snapshot.</returns>
    public static RunSnapshot FromPipeline(
        string source,
        TimeSpan elapsed,
        TimeSpan streamPosition,
        long framesIn,
        IReadOnlyList<ConsumerStatistics> statistics,
        RunSnapshot? previous = null,
        IReadOnlyDictionary<string, int>? maxInFlight = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(statistics);
        var consumers = ImmutableArray.CreateBuilder<ConsumerProgress>(statistics.Count);
        foreach (var s in statistics)
        {
            long before = 0;
            var since = TimeSpan.Zero;
            if (previous is not null)
            {
                foreach (var p in previous.Consumers)
                {
                    if (p.Consumer == s.Name)
                    {
                        before = p.Chunks;
                        since = previous.Elapsed;
                        break;
                    }
                }
            }

            var period = (elapsed - since).TotalSeconds;
            var rate = period > 0 ? (s.ChunksOut - before) / period : 0;
            var limit = maxInFlight is not null && maxInFlight.TryGetValue(s.Name, out var l) ? l : 0;
            consumers.Add(new ConsumerProgress(s.Name, s.Mode, s.ChunksOut, rate, s.Lag, s.ChunksDropped + s.FramesDropped, s.Failed, s.InFlight, limit));
        }

        return new RunSnapshot(source, elapsed, streamPosition, framesIn, consumers.MoveToImmutable());
    }
}

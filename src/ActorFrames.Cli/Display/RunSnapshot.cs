using System.Collections.Immutable;

namespace ActorFrames.Cli.Display;

/// <summary>The whole run at one moment: what the live display draws.</summary>
/// <param name="Source">The input's name (<c>test-signal</c>, a file name, <c>mic</c>).</param>
/// <param name="Elapsed">Wall-clock time since the run started.</param>
/// <param name="StreamPosition">How much stream time the source has produced.</param>
/// <param name="FramesIn">Frames taken from the source.</param>
/// <param name="Consumers">Each consumer's progress, in display order.</param>
internal sealed record RunSnapshot(string Source, TimeSpan Elapsed, TimeSpan StreamPosition, long FramesIn, ImmutableArray<ConsumerStatistics> Consumers);

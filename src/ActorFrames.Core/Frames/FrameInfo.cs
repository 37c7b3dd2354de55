namespace ActorFrames.Frames;

/// <summary>What a frame carries besides its elements.</summary>
/// <param name="Source">The source that produced the frame.</param>
/// <param name="Sequence">The frame's position in its source, from 0.</param>
/// <param name="Timestamp">The time of the frame's first element.</param>
/// <param name="Channels">The number of interleaved channels (1 or more).</param>
/// <param name="SampleRate">Elements per second per channel, or <see langword="null"/> when the data has no rate.</param>
public readonly record struct FrameInfo(SourceId Source, long Sequence, DateTimeOffset Timestamp, int Channels = 1, double? SampleRate = null);

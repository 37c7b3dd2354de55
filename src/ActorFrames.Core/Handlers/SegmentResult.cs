namespace ActorFrames.Handlers;

/// <summary>A WAV file written by the <c>segments</c> handler for one chunk.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="Timestamp">The time of the chunk's first element.</param>
/// <param name="Duration">How long the segment lasts.</param>
public readonly record struct SegmentResult(string Path, DateTimeOffset Timestamp, TimeSpan Duration);

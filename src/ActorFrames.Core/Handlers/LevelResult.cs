namespace ActorFrames.Handlers;

/// <summary>The level of one chunk, from the <c>level</c> handler.</summary>
/// <param name="Timestamp">The time of the chunk's first element.</param>
/// <param name="Duration">How long the chunk lasts (zero when the stream has no sample rate).</param>
/// <param name="RmsDbfs">
/// The root mean square over all channels in dB relative to an amplitude of 1 (a full-scale sine reads
/// −3.01); <see cref="double.NegativeInfinity"/> for digital silence or an empty chunk.
/// </param>
/// <param name="PeakDbfs">The largest absolute sample in dBFS (a full-scale sine reads 0).</param>
public readonly record struct LevelResult(DateTimeOffset Timestamp, TimeSpan Duration, double RmsDbfs, double PeakDbfs);

namespace ActorFrames.Handlers;

/// <summary>The spectrum of one chunk, from the <c>spectrum</c> handler.</summary>
/// <param name="Timestamp">The time of the chunk's first element.</param>
/// <param name="Duration">How long the chunk lasts.</param>
/// <param name="DominantFrequency">
/// The frequency in hertz of the strongest component above DC, refined between FFT bins; 0 for silence.
/// </param>
/// <param name="Bands">The octave-band levels in dBFS (a full-scale sine reads −3.01 in its band).</param>
public readonly record struct SpectrumResult(DateTimeOffset Timestamp, TimeSpan Duration, double DominantFrequency, OctaveBandLevels Bands);

namespace ActorFrames.Sources.Generators;

/// <summary>One section of the built-in test signal, so that tests and displays know what each stretch holds.</summary>
/// <param name="Start">Where the section starts, from the beginning of the signal.</param>
/// <param name="End">Where it ends (exclusive).</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Amplitude">The peak amplitude (1 is full scale).</param>
/// <param name="StartFrequency">The sine's frequency, or the sweep's first frequency, in hertz; 0 for noise.</param>
/// <param name="EndFrequency">The sweep's last frequency in hertz; the sine's frequency; 0 for noise.</param>
public sealed record TestSignalSection(TimeSpan Start, TimeSpan End, TestSignalKind Kind, double Amplitude, double StartFrequency, double EndFrequency);

using System.Runtime.InteropServices;

namespace ActorFrames.Sources.Oasis;

/// <summary>One (sidx, loss) pair as it lies in the stream: 4-byte little-endian int then 4-byte float.</summary>
/// <param name="SampleId">The sample index: 1..len_sample, or a special id (<see cref="OasisSampleIds"/>).</param>
/// <param name="Loss">The loss (NaN in the input is read as 0).</param>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public readonly record struct OasisSample(int SampleId, float Loss);

namespace ActorFrames.Sources.Wav;

/// <summary>What the header parser found: the format and where the samples are.</summary>
/// <param name="Format">The sample layout.</param>
/// <param name="DataOffset">The offset of the first sample byte from where parsing started.</param>
/// <param name="DataLength">The data chunk's length in bytes, or <see langword="null"/> when the writer did not know it (streamed output): read to the end.</param>
/// <param name="IsRf64">Whether the file is RF64/BW64 (sizes in a ds64 chunk).</param>
internal readonly record struct WavLayout(WavFormat Format, long DataOffset, long? DataLength, bool IsRf64);

namespace ActorFrames.Handlers;

/// <summary>The sample format of the WAV files the <c>segments</c> handler writes.</summary>
internal enum WavSampleFormat
{
    /// <summary>16-bit signed PCM (format tag 1); float input is clipped to ±1 and rounded.</summary>
    Pcm16,

    /// <summary>32-bit IEEE float (format tag 3, with a <c>fact</c> chunk); 16-bit input is scaled to ±1.</summary>
    Float32,
}

namespace ActorFrames.Sources.Wav;

/// <summary>The sample encodings the WAV reader and writer support (all little-endian, interleaved).</summary>
public enum WavSampleFormat
{
    /// <summary>Unsigned 8-bit PCM (silence is 128); read natively as <see cref="byte"/>.</summary>
    U8 = 1,

    /// <summary>Signed 16-bit PCM; read natively as <see cref="short"/>.</summary>
    S16 = 2,

    /// <summary>Signed 24-bit PCM packed in 3 bytes; read natively as <see cref="int"/>, left-justified (value × 256).</summary>
    S24 = 3,

    /// <summary>Signed 32-bit PCM; read natively as <see cref="int"/>.</summary>
    S32 = 4,

    /// <summary>IEEE 754 32-bit float; read natively as <see cref="float"/>.</summary>
    F32 = 5,

    /// <summary>IEEE 754 64-bit float; read natively as <see cref="double"/>.</summary>
    F64 = 6,
}

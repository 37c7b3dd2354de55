namespace ActorFrames.Frames;

/// <summary>The element types frames and chunks may carry; the wire formats name them by this value.</summary>
public enum ElementType : byte
{
    /// <summary>Unsigned 8-bit (<see cref="byte"/>): raw bytes, u8 audio.</summary>
    U8 = 1,

    /// <summary>Signed 16-bit (<see cref="short"/>): s16 audio.</summary>
    S16 = 2,

    /// <summary>Signed 32-bit (<see cref="int"/>): s32 audio, ids.</summary>
    S32 = 3,

    /// <summary>32-bit float (<see cref="float"/>).</summary>
    F32 = 4,

    /// <summary>64-bit float (<see cref="double"/>).</summary>
    F64 = 5,
}

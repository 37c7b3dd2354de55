namespace ActorFrames.Sources.Generators;

/// <summary>What a section of the built-in test signal holds.</summary>
public enum TestSignalKind
{
    /// <summary>A steady sine at <see cref="TestSignalSection.StartFrequency"/>.</summary>
    Sine,

    /// <summary>An exponential sine sweep from <see cref="TestSignalSection.StartFrequency"/> to <see cref="TestSignalSection.EndFrequency"/>.</summary>
    Sweep,

    /// <summary>Uniform white noise between −amplitude and +amplitude, from the seeded generator.</summary>
    Noise,
}

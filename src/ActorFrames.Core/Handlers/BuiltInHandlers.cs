using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// The handlers every ActorFrames process registers (the origin, child processes and worker nodes), so that
/// configuration can name them on any machine.
/// </summary>
public static class BuiltInHandlers
{
    /// <summary>The name of the handler that returns the <see cref="ChunkChecksum"/> of a byte chunk.</summary>
    public const string Checksum = "checksum";

    /// <summary>The name of the handler that returns the checksum of a byte chunk after <see cref="SlowChecksumDelay"/>.</summary>
    public const string SlowChecksum = "checksum-slow";

    /// <summary>The name of the handler that returns the checksum of a byte chunk, or throws when it starts with <see cref="PoisonMarker"/>.</summary>
    public const string Poison = "poison";

    /// <summary>Gets how long each chunk takes in the <see cref="SlowChecksum"/> handler.</summary>
    /// <value>20 ms.</value>
    public static TimeSpan SlowChecksumDelay { get; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Gets the bytes that make the <see cref="Poison"/> handler throw when a chunk starts with them ("POISON").</summary>
    public static ReadOnlySpan<byte> PoisonMarker => "POISON"u8;

    /// <summary>Registers the built-in handlers.</summary>
    /// <param name="registry">The registry to add them to.</param>
    /// <returns><paramref name="registry"/>, for chaining.</returns>
    public static HandlerRegistry Register(HandlerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(Checksum, static () => new ChecksumHandler(), ResultCodecs.Int64)
            .Add(SlowChecksum, static () => new SlowChecksumHandler(SlowChecksumDelay, TimeProvider.System), ResultCodecs.Int64)
            .Add(Poison, static () => new PoisonHandler(), ResultCodecs.Int64);
    }
}

using ActorFrames.Sources.Oasis;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// The handlers every ActorFrames process knows by name. Each is registered for float chunks under its
/// plain name and for 16-bit chunks under the name with <see cref="Int16Suffix"/> (the registry keys a
/// handler by name alone, so the two element types need two names).
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

    /// <summary>The name of the handler that measures RMS and peak in dBFS (<see cref="LevelResult"/>).</summary>
    public const string Level = "level";

    /// <summary>The name of the handler that computes octave bands and the dominant frequency (<see cref="SpectrumResult"/>).</summary>
    public const string Spectrum = "spectrum";

    /// <summary>The name of the handler that writes each chunk as a WAV file (<see cref="SegmentResult"/>).</summary>
    public const string Segments = "segments";

    /// <summary>The suffix of the 16-bit variant of a built-in handler ("level.s16").</summary>
    public const string Int16Suffix = ".s16";

    /// <summary>
    /// The name of the handler that sums each event's losses in a chunk of whole OASIS item records (ground-up and
    /// loss streams) into an <see cref="OasisTotalsResult"/>; byte chunks cut from an <see cref="OasisSource"/>.
    /// </summary>
    public const string OasisTotals = "oasis-totals";

    /// <summary>The name of the <see cref="OasisTotals"/> handler for summary streams (records with an exposure value).</summary>
    public const string OasisSummaryTotals = "oasis-totals.summary";

    /// <summary>The folder the <c>segments</c> handler writes to when none is given.</summary>
    public const string DefaultSegmentsFolder = "segments";

    /// <summary>Registers the built-in handlers, writing segments under <see cref="DefaultSegmentsFolder"/>.</summary>
    /// <param name="registry">The registry to add them to.</param>
    /// <returns>The registry, for chaining.</returns>
    public static HandlerRegistry Register(HandlerRegistry registry) => Register(registry, DefaultSegmentsFolder);

    /// <summary>Registers the built-in handlers.</summary>
    /// <param name="registry">The registry to add them to.</param>
    /// <param name="segmentsFolder">The folder the <c>segments</c> handler writes its WAV files to.</param>
    /// <returns>The registry, for chaining.</returns>
    public static HandlerRegistry Register(HandlerRegistry registry, string segmentsFolder)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(segmentsFolder);

        // The level handler is stateless, so every worker may share one instance.
        var level = new LevelHandler();
        registry.Add<float, LevelResult>(Level, () => level, LevelResultCodec.Instance);
        registry.Add<short, LevelResult>(Level + Int16Suffix, () => level, LevelResultCodec.Instance);
        registry.Add<float, SpectrumResult>(Spectrum, static () => new SpectrumHandler(), SpectrumResultCodec.Instance);
        registry.Add<short, SpectrumResult>(Spectrum + Int16Suffix, static () => new SpectrumHandler(), SpectrumResultCodec.Instance);
        var segments = new SegmentsHandler(segmentsFolder);
        registry.Add<float, SegmentResult>(Segments, () => segments, SegmentResultCodec.Instance);
        registry.Add<short, SegmentResult>(Segments + Int16Suffix, () => segments, SegmentResultCodec.Instance);
        registry
            .Add(Checksum, static () => new ChecksumHandler(), ResultCodecs.Int64)
            .Add(SlowChecksum, static () => new SlowChecksumHandler(SlowChecksumDelay, TimeProvider.System), ResultCodecs.Int64)
            .Add(Poison, static () => new PoisonHandler(), ResultCodecs.Int64);

        // Stateless, so every worker may share one instance.
        var itemTotals = new OasisTotalsHandler(OasisStreamType.Loss);
        var summaryTotals = new OasisTotalsHandler(OasisStreamType.Summary);
        registry
            .Add(OasisTotals, () => itemTotals, OasisTotalsResultCodec.Instance)
            .Add(OasisSummaryTotals, () => summaryTotals, OasisTotalsResultCodec.Instance);
        return registry;
    }

    /// <summary>Gets the name of the OASIS totals handler for a stream type.</summary>
    /// <param name="streamType">The stream type from the stream header.</param>
    /// <returns><see cref="OasisSummaryTotals"/> for summary streams, <see cref="OasisTotals"/> for the others.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="streamType"/> is not a defined stream type.</exception>
    public static string OasisTotalsFor(OasisStreamType streamType) => streamType switch
    {
        OasisStreamType.GroundUpLoss or OasisStreamType.Loss => OasisTotals,
        OasisStreamType.Summary => OasisSummaryTotals,
        _ => throw new ArgumentOutOfRangeException(nameof(streamType), streamType, "The stream type must be GroundUpLoss (1), Loss (2) or Summary (3)."),
    };

    /// <summary>Gets the registered name of a built-in handler for an element type.</summary>
    /// <param name="handler">The plain name (<see cref="Level"/>, <see cref="Spectrum"/>, <see cref="Segments"/>).</param>
    /// <param name="elementType">The element type of the stream.</param>
    /// <returns>The plain name for <see cref="Frames.ElementType.F32"/>, the suffixed one for <see cref="Frames.ElementType.S16"/>.</returns>
    /// <exception cref="NotSupportedException">The built-in handlers take no other element type.</exception>
    public static string NameFor(string handler, Frames.ElementType elementType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(handler);
        return elementType switch
        {
            Frames.ElementType.F32 => handler,
            Frames.ElementType.S16 => handler + Int16Suffix,
            _ => throw new NotSupportedException($"The built-in handler '{handler}' takes F32 or S16 chunks, not {elementType}."),
        };
    }
}

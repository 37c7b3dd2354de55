using RabbitMQ.Client;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>
/// One accepted chunk on its way to the broker: its message properties and its body. The body is the accepted chunk
/// itself (<see cref="Held"/>), a pooled array (a copy) or a file of the spool directory. Entries are pooled; an entry
/// belongs to the spool, or to exactly one publish in flight.
/// </summary>
internal sealed class SpoolEntry
{
    /// <summary>Initializes a new instance of the <see cref="SpoolEntry"/> class.</summary>
    public SpoolEntry()
    {
        Node = new LinkedListNode<SpoolEntry>(this);
        Properties = new BasicProperties
        {
            Headers = new Dictionary<string, object?>(16, StringComparer.Ordinal),
            DeliveryMode = DeliveryModes.Persistent,
        };
    }

    /// <summary>Gets or sets the dispatcher's id of the chunk (accept order).</summary>
    public long Id { get; set; }

    /// <summary>Gets the message properties; their headers carry the chunk's metadata.</summary>
    public BasicProperties Properties { get; }

    /// <summary>Gets the header dictionary of <see cref="Properties"/>.</summary>
    public IDictionary<string, object?> Headers => Properties.Headers!;

    /// <summary>Gets or sets the body's pooled array while the body is in memory and not <see cref="Held"/>.</summary>
    public byte[]? Body { get; set; }

    /// <summary>Gets or sets the entry's holder of accepted chunks (created once per entry by its dispatcher).</summary>
    public HeldBody? Held { get; set; }

    /// <summary>Gets or sets the body's length in bytes.</summary>
    public int Length { get; set; }

    /// <summary>Gets or sets the file that holds the body while it waits on disk.</summary>
    public string? FilePath { get; set; }

    /// <summary>Gets or sets why the body could not be read back from the spool directory, or <see langword="null"/>.</summary>
    public Exception? Unreadable { get; set; }

    /// <summary>Tells why the entry can never be published (its body is gone).</summary>
    /// <returns>The reason, or <see langword="null"/> for an entry that can be published.</returns>
    public Exception? WhyUnpublishable() => Unreadable
        ?? (Held is { IsBroken: true } ? new ObjectDisposedException("chunk", "The chunk was disposed after it was handed to the dispatcher, which owns it until the broker confirms it.") : null);

    /// <summary>Gets the entry's node in the spool's pending list (allocated once per entry).</summary>
    public LinkedListNode<SpoolEntry> Node { get; }

    /// <summary>Gets the body while it is in memory.</summary>
    public ReadOnlyMemory<byte> Memory => Body is null && Held is { IsHolding: true } held ? held.Memory : new(Body, 0, Length);
}

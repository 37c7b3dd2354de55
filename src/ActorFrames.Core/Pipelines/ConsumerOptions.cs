using ActorFrames.Rechunking;
using ActorFrames.Results;
using ActorFrames.Workers;

namespace ActorFrames.Pipelines;

/// <summary>One consumer of a pipeline: how its chunks are cut, which handler runs them, where, and how results return.</summary>
public sealed class ConsumerOptions
{
    /// <summary>Gets or sets the consumer's name (unique in the pipeline; carried by its chunks).</summary>
    /// <value>Empty: must be set.</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the name of the registered handler that runs each chunk.</summary>
    /// <value>Empty: must be set.</value>
    public string Handler { get; set; } = string.Empty;

    /// <summary>Gets or sets how chunks are cut (size or duration, clip or whole frames, hop, tail, buffer, sampler).</summary>
    /// <value>New options: must get a size or a duration.</value>
    public RechunkOptions Chunking { get; set; } = new();

    /// <summary>Gets or sets where the handler runs.</summary>
    /// <value><see cref="WorkerMode.Inline"/>.</value>
    public WorkerMode Mode { get; set; } = WorkerMode.Inline;

    /// <summary>Gets or sets the most chunks dispatched but without a result; 0 means four per worker.</summary>
    /// <value>0.</value>
    public int MaxInFlight { get; set; }

    /// <summary>Gets or sets what happens when the workers fall behind.</summary>
    /// <value><see cref="ConsumerOverflow.Backpressure"/>.</value>
    public ConsumerOverflow Overflow { get; set; } = ConsumerOverflow.Backpressure;

    /// <summary>Gets or sets the order in which results reach the origin.</summary>
    /// <value><see cref="ResultOrdering.AsCompleted"/>.</value>
    public ResultOrdering Ordering { get; set; } = ResultOrdering.AsCompleted;

    /// <summary>Gets or sets how many cut chunks may wait in the consumer's mailbox before the source waits.</summary>
    /// <value>64.</value>
    public int MailboxCapacity { get; set; } = 64;

    /// <summary>Gets the in-flight limit in force.</summary>
    internal int EffectiveMaxInFlight => MaxInFlight > 0 ? MaxInFlight : Math.Max(4, 4 * Mode.Workers);

    /// <summary>Throws when an option is out of range, naming the consumer and the key.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("ConsumerOptions.Name must be set.", nameof(Name));
        }

        if (string.IsNullOrWhiteSpace(Handler))
        {
            throw new ArgumentException($"Consumer '{Name}': ConsumerOptions.Handler must name a registered handler.", nameof(Handler));
        }

        ArgumentNullException.ThrowIfNull(Chunking, $"Consumer '{Name}': ConsumerOptions.Chunking");
        ArgumentNullException.ThrowIfNull(Mode, $"Consumer '{Name}': ConsumerOptions.Mode");
        if (MaxInFlight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInFlight), MaxInFlight, $"Consumer '{Name}': ConsumerOptions.MaxInFlight must be 0 (four per worker) or positive.");
        }

        if (MailboxCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MailboxCapacity), MailboxCapacity, $"Consumer '{Name}': ConsumerOptions.MailboxCapacity must be 1 or more.");
        }

        if (!Enum.IsDefined(Overflow))
        {
            throw new ArgumentOutOfRangeException(nameof(Overflow), Overflow, $"Consumer '{Name}': ConsumerOptions.Overflow must be Backpressure or DropOldest.");
        }

        if (Overflow == ConsumerOverflow.DropOldest && Chunking.MaxBufferedChunks < 0)
        {
            throw new ArgumentException($"Consumer '{Name}': Overflow DropOldest needs Chunking.MaxBufferedChunks ≥ 0 (how many cut chunks may wait before the oldest is dropped), not {Chunking.MaxBufferedChunks}.", nameof(Overflow));
        }
    }
}

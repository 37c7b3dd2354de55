namespace ActorFrames.Actors;

/// <summary>The kind of mailbox an actor gets: unbounded (the default) or bounded with an overflow policy.</summary>
public sealed record MailboxOptions
{
    private MailboxOptions(int? capacity, OverflowPolicy overflowPolicy)
    {
        Capacity = capacity;
        OverflowPolicy = overflowPolicy;
    }

    /// <summary>An unbounded, lock-free mailbox: the default and the fastest.</summary>
    public static MailboxOptions Unbounded { get; } = new(null, OverflowPolicy.Backpressure);

    /// <summary>The capacity of a bounded mailbox; null when unbounded.</summary>
    public int? Capacity { get; }

    /// <summary>What a full bounded mailbox does; meaningless when unbounded.</summary>
    public OverflowPolicy OverflowPolicy { get; }

    /// <summary>A mailbox that holds at most <paramref name="capacity"/> user messages.</summary>
    /// <param name="capacity">The capacity, at least 1. System messages (stop, watch, failure) do not count.</param>
    /// <param name="overflowPolicy">What to do with a message that arrives while it is full.</param>
    /// <returns>The options.</returns>
    public static MailboxOptions Bounded(int capacity, OverflowPolicy overflowPolicy)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        if (!Enum.IsDefined(overflowPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(overflowPolicy), overflowPolicy, "Unknown overflow policy.");
        }

        return new MailboxOptions(capacity, overflowPolicy);
    }
}

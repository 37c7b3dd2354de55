using System.Collections.Immutable;

namespace ActorFrames.Mux;

/// <summary>A mux supervisor opened a stream in one of its slots (a fresh iteration of that stream's source).</summary>
/// <param name="Stream">The stream's index in the supervisor's stream list.</param>
/// <param name="Slot">The slot, in [0, active count).</param>
/// <param name="Activation">The activation's number, counted from 1 per supervisor.</param>
/// <param name="Budget">The most frames the activation may yield; <see langword="null"/> when it runs to the stream's end.</param>
/// <param name="Timestamp">When it happened, on the actor system's clock.</param>
public sealed record StreamActivated(int Stream, int Slot, long Activation, long? Budget, DateTimeOffset Timestamp);

/// <summary>A mux supervisor closed an activation: its budget was spent, its stream ended or failed, or it was preempted.</summary>
/// <param name="Stream">The stream's index in the supervisor's stream list.</param>
/// <param name="Slot">The slot it held.</param>
/// <param name="Activation">The activation's number.</param>
/// <param name="Reason">Why it left the slot.</param>
/// <param name="Items">How many frames it yielded (never more than its budget).</param>
/// <param name="Error">What the source threw, when <paramref name="Reason"/> is <see cref="MuxRetireReason.Failed"/>.</param>
/// <param name="Timestamp">When it happened, on the actor system's clock.</param>
public sealed record StreamRetired(int Stream, int Slot, long Activation, MuxRetireReason Reason, long Items, Exception? Error, DateTimeOffset Timestamp);

/// <summary>A failed stream was opened again after its back-off; a <see cref="StreamActivated"/> for the same activation precedes it.</summary>
/// <param name="Stream">The stream's index in the supervisor's stream list.</param>
/// <param name="Slot">The slot it was restarted in.</param>
/// <param name="Activation">The new activation's number.</param>
/// <param name="Attempt">The restart's number within the restart window, from 1.</param>
/// <param name="Delay">The back-off the stream waited after its failure.</param>
/// <param name="Timestamp">When it happened, on the actor system's clock.</param>
public sealed record StreamRestarted(int Stream, int Slot, long Activation, int Attempt, TimeSpan Delay, DateTimeOffset Timestamp);

/// <summary>A stream was removed from the mux for good.</summary>
/// <param name="Stream">The stream's index in the supervisor's stream list.</param>
/// <param name="Reason">Why, in words: the restart limit it exceeded and its last error, or its empty activation.</param>
/// <param name="Failures">How many times it failed within the restart window (0 when pruned for being empty).</param>
/// <param name="Error">The last error it threw, or <see langword="null"/>.</param>
/// <param name="Timestamp">When it happened, on the actor system's clock.</param>
public sealed record StreamPruned(int Stream, string Reason, int Failures, Exception? Error, DateTimeOffset Timestamp);

/// <summary>Every stream of a mux supervisor is exhausted or pruned; the consumers were told the stream ended.</summary>
/// <param name="Frames">The frames the merged stream carried.</param>
/// <param name="Activations">The activations it made (restarts included).</param>
/// <param name="Timestamp">When it happened, on the actor system's clock.</param>
public sealed record MuxCompleted(long Frames, long Activations, DateTimeOffset Timestamp);

/// <summary>Asks a mux supervisor for a <see cref="MuxStatusResponse"/>.</summary>
internal sealed record MuxStatusRequest
{
    /// <summary>Gets the one instance.</summary>
    public static MuxStatusRequest Instance { get; } = new();
}

/// <summary>A snapshot of a mux supervisor.</summary>
/// <param name="SlotStreams">The stream in each slot, −1 for a free slot.</param>
/// <param name="BackingOff">The streams waiting for a restart, in index order.</param>
/// <param name="Pruned">The pruned streams, in index order.</param>
/// <param name="Frames">The frames forwarded so far.</param>
/// <param name="Activations">The activations made so far.</param>
internal sealed record MuxStatusResponse(ImmutableArray<int> SlotStreams, ImmutableArray<int> BackingOff, ImmutableArray<int> Pruned, long Frames, long Activations)
{
    /// <summary>Gets the number of occupied slots.</summary>
    public int ActiveCount
    {
        get
        {
            int count = 0;
            foreach (int stream in SlotStreams)
            {
                count += stream >= 0 ? 1 : 0;
            }

            return count;
        }
    }
}

/// <summary>Tells a stream actor to read its next frames.</summary>
internal sealed record ReadStream
{
    /// <summary>Gets the one instance.</summary>
    public static ReadStream Instance { get; } = new();
}

/// <summary>Tells a stream actor that the read it left pending has completed.</summary>
internal sealed record StreamReadCompleted
{
    /// <summary>Gets the one instance.</summary>
    public static StreamReadCompleted Instance { get; } = new();
}

/// <summary>Lets a stream actor send <paramref name="Frames"/> more frames (flow control: the supervisor grants as it forwards).</summary>
/// <param name="Frames">How many.</param>
internal sealed record GrantCredit(int Frames);

/// <summary>A stream actor's source ended before its budget was spent (the sender is the stream actor).</summary>
internal sealed record StreamEnded
{
    /// <summary>Gets the one instance.</summary>
    public static StreamEnded Instance { get; } = new();
}

/// <summary>A stream actor's source threw (the sender is the stream actor); the actor reads no further.</summary>
/// <param name="Cause">What the source threw.</param>
internal sealed record StreamFailed(Exception Cause);

/// <summary>The back-off of a failed stream is over: restart it (sent by the supervisor to itself on its scheduler).</summary>
/// <param name="Stream">The stream's index.</param>
/// <param name="Attempt">The restart's number within the window.</param>
/// <param name="Delay">The back-off that was waited.</param>
internal sealed record RestartStream(int Stream, int Attempt, TimeSpan Delay);

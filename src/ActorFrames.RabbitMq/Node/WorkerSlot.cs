using System.Buffers;
using System.Threading.Tasks.Sources;
using ActorFrames.Workers;

namespace ActorFrames.RabbitMq.Node;

/// <summary>
/// What one worker of a pool reuses from chunk to chunk: its handler instance, its result buffer, and the outcome it
/// hands to the <see cref="ResultBatcher"/>, which it awaits without allocating (the slot is its own task source).
/// </summary>
/// <param name="handler">The worker's handler instance.</param>
internal sealed class WorkerSlot(IEncodedChunkHandler handler) : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _completion = new() { RunContinuationsAsynchronously = true };

    /// <summary>Gets the worker's handler instance.</summary>
    public IEncodedChunkHandler Handler { get; } = handler;

    /// <summary>Gets the buffer the handler's encoded result is written to.</summary>
    public ArrayBufferWriter<byte> Result { get; } = new(256);

    /// <summary>Gets or sets the reply queue of the current chunk's origin.</summary>
    public string ReplyTo { get; set; } = string.Empty;

    /// <summary>Gets or sets the current chunk's id at its origin.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets which delivery of the current chunk this is.</summary>
    public int Attempt { get; set; }

    /// <summary>Gets or sets the handler's failure, or <see langword="null"/> when <see cref="Result"/> holds its result.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Gets a task that completes when the batcher settled the outcome: <see langword="true"/> when this slot must lead the next batch.</summary>
    public ValueTask<bool> Settled => new(this, _completion.Version);

    /// <summary>Prepares <see cref="Settled"/> for a new outcome.</summary>
    public void Reset() => _completion.Reset();

    /// <summary>Settles the outcome.</summary>
    /// <param name="lead">Whether the slot's owner becomes the batcher's leader.</param>
    public void Settle(bool lead) => _completion.SetResult(lead);

    /// <summary>Fails the outcome (the reply could not be published).</summary>
    /// <param name="error">Why.</param>
    public void Fail(Exception error) => _completion.SetException(error);

    /// <inheritdoc />
    public bool GetResult(short token) => _completion.GetResult(token);

    /// <inheritdoc />
    public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

    /// <inheritdoc />
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _completion.OnCompleted(continuation, state, token, flags);
}

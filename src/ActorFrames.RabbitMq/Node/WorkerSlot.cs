using System.Buffers;
using ActorFrames.Workers;
using RabbitMQ.Client;

namespace ActorFrames.RabbitMq.Node;

/// <summary>
/// One worker of a pool session: its own consuming channel (so its deliveries arrive, are handled and are
/// acknowledged in delivery-tag order), its handler instance and its result buffer, reused from chunk to chunk and
/// never shared with another session.
/// </summary>
/// <param name="index">The worker's place in its pool.</param>
/// <param name="handler">The worker's handler instance.</param>
/// <param name="prefetch">The worker's share of the pool's prefetch.</param>
internal sealed class WorkerSlot(int index, IEncodedChunkHandler handler, ushort prefetch)
{
    private volatile bool _acksStopped;

    /// <summary>Gets the worker's place in its pool.</summary>
    public int Index { get; } = index;

    /// <summary>Gets the worker's handler instance.</summary>
    public IEncodedChunkHandler Handler { get; } = handler;

    /// <summary>Gets the worker's share of the pool's prefetch.</summary>
    public ushort Prefetch { get; } = prefetch;

    /// <summary>Gets the buffer the handler's encoded result is written to.</summary>
    public ArrayBufferWriter<byte> Result { get; } = new(256);

    /// <summary>Gets or sets the channel the worker consumes on in the current session.</summary>
    public IChannel? Channel { get; set; }

    /// <summary>Gets or sets the worker's consumer tag in the current session.</summary>
    public string? ConsumerTag { get; set; }

    /// <summary>Gets a task source completed when the broker confirmed the end of the worker's subscription.</summary>
    public TaskCompletionSource Unregistered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Gets or sets a value indicating whether a delivery of the current session may be left unsettled (a hard stop, a
    /// failed acknowledgement, the batcher closed): acknowledging a later delivery tag with <c>multiple</c> would settle
    /// it too, so no further acknowledgement is sent on this channel; the broker requeues what it holds when the
    /// channel closes.
    /// </summary>
    public bool AcksStopped
    {
        get => _acksStopped;
        set => _acksStopped = value;
    }
}

using System.Buffers;
using ActorFrames.Workers;
using RabbitMQ.Client;

namespace ActorFrames.RabbitMq.Node;

/// <summary>What one worker of a pool reuses from chunk to chunk: its handler instance, result buffer and reply properties.</summary>
/// <param name="handler">The worker's handler instance.</param>
internal sealed class WorkerSlot(IEncodedChunkHandler handler)
{
    /// <summary>Gets the worker's handler instance.</summary>
    public IEncodedChunkHandler Handler { get; } = handler;

    /// <summary>Gets the buffer the handler's encoded result is written to.</summary>
    public ArrayBufferWriter<byte> Result { get; } = new(256);

    /// <summary>Gets the properties of the reply message; its header dictionary is reused.</summary>
    public BasicProperties Reply { get; } = new()
    {
        Headers = new Dictionary<string, object?>(12, StringComparer.Ordinal),
        DeliveryMode = DeliveryModes.Persistent,
    };
}

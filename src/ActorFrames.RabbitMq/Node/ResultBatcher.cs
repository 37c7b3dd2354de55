using System.Buffers;
using ActorFrames.RabbitMq.Wire;
using RabbitMQ.Client;

namespace ActorFrames.RabbitMq.Node;

/// <summary>
/// Sends a pool's results back to their origins, grouping the outcomes that finish while the previous reply awaits the
/// broker's confirm into one reply message (group commit). A worker acknowledges its chunk only after the reply that
/// carries its outcome was confirmed. No background task: the first worker to arrive leads, publishes one batch, and
/// hands the lead to the next waiting worker; under light load every reply carries one outcome and waits for nothing.
/// </summary>
internal sealed class ResultBatcher
{
    private const int MaxBatch = 64;
    private const int MaxBatchBytes = 256 * 1024;
    private readonly Lock _gate = new();
    private readonly List<WorkerSlot> _waiting = new(MaxBatch);
    private readonly List<WorkerSlot> _batch = new(MaxBatch);
    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly BasicProperties _properties;
    private bool _leading;

    /// <summary>Initializes a new instance of the <see cref="ResultBatcher"/> class.</summary>
    /// <param name="node">The node's name (UTF-8), sent with every reply.</param>
    public ResultBatcher(byte[] node)
    {
        _properties = new BasicProperties
        {
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>(4, StringComparer.Ordinal) { [WireHeaders.Node] = node },
        };
    }

    /// <summary>Publishes the outcome held by <paramref name="slot"/> and completes when the broker confirmed it.</summary>
    /// <param name="channel">The pool's confirming result channel.</param>
    /// <param name="slot">The worker's slot, with its reply-to, id, attempt and result or failure set.</param>
    /// <returns>A task that completes when the reply is confirmed; it faults when publishing failed.</returns>
    public async ValueTask SubmitAsync(IChannel channel, WorkerSlot slot)
    {
        slot.Reset();
        bool lead;
        lock (_gate)
        {
            _waiting.Add(slot);
            lead = !_leading;
            _leading = true;
        }

        if (!lead && !await slot.Settled.ConfigureAwait(false))
        {
            return;
        }

        Exception? ownFailure = null;
        var ownDone = false;
        while (true)
        {
            Take();
            Exception? failure = null;
            try
            {
                await channel.BasicPublishAsync(string.Empty, _batch[0].ReplyTo, false, _properties, _body.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failure = ex;
            }

            foreach (var settled in _batch)
            {
                if (ReferenceEquals(settled, slot))
                {
                    ownDone = true;
                    ownFailure = failure;
                }
                else if (failure is null)
                {
                    settled.Settle(lead: false);
                }
                else
                {
                    settled.Fail(failure);
                }
            }

            _batch.Clear();
            WorkerSlot? next = null;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _leading = false;
                }
                else if (ownDone)
                {
                    next = _waiting[0];
                }
            }

            if (next is not null)
            {
                next.Settle(lead: true);
            }

            if (ownDone || next is not null || !Volatile.Read(ref _leading))
            {
                break;
            }
        }

        if (ownFailure is not null)
        {
            throw ownFailure;
        }
    }

    private void Take()
    {
        _body.ResetWrittenCount();
        lock (_gate)
        {
            var replyTo = _waiting[0].ReplyTo;
            var kept = 0;
            for (var i = 0; i < _waiting.Count; i++)
            {
                var slot = _waiting[i];
                if (_batch.Count < MaxBatch && _body.WrittenCount < MaxBatchBytes && string.Equals(slot.ReplyTo, replyTo, StringComparison.Ordinal))
                {
                    _batch.Add(slot);
                    Write(slot);
                }
                else
                {
                    _waiting[kept++] = slot;
                }
            }

            _waiting.RemoveRange(kept, _waiting.Count - kept);
        }

        ChunkWireFormat.SetInt32(_properties.Headers!, WireHeaders.Batch, _batch.Count);
    }

    private void Write(WorkerSlot slot)
    {
        if (slot.Failure is { } failure)
        {
            var message = failure.Message.Length <= 4096 ? failure.Message : failure.Message[..4096];
            ResultWireFormat.WriteFailure(_body, slot.Id, slot.Attempt, failure.GetType().FullName ?? failure.GetType().Name, message);
        }
        else
        {
            ResultWireFormat.WriteResult(_body, slot.Id, slot.Attempt, slot.Result.WrittenSpan);
        }
    }
}

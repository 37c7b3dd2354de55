using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using ActorFrames.RabbitMq.Wire;
using RabbitMQ.Client;

namespace ActorFrames.RabbitMq.Node;

/// <summary>
/// Sends one pool session's results back to their origins and acknowledges their chunks. Workers add an outcome and
/// go on with their next delivery at once; one loop publishes everything added while the previous batch awaited its
/// confirms as one reply message per origin (group commit), all of them before awaiting any confirm, and, once the
/// broker confirmed them, acknowledges each worker's chunks with a single <c>multiple</c> acknowledgement of the last
/// tag (a worker's deliveries arrive and finish in tag order on its own channel). Under light load every reply carries
/// one outcome.
/// </summary>
internal sealed class ResultBatcher
{
    private const int MaxGroupRecords = 512;
    private const int MaxGroupBytes = 256 * 1024;
    private readonly Lock _gate = new();
    private readonly AsyncSignal _signal = new();
    private readonly IChannel _channel;
    private readonly WorkerSlot[] _slots;
    private readonly IReplyOutcomes _outcomes;
    private Batch _pending;
    private Batch _spare;
    private bool _closed;
    private Task _loop = Task.CompletedTask;

    /// <summary>Initializes a new instance of the <see cref="ResultBatcher"/> class.</summary>
    /// <param name="channel">The session's confirming result channel.</param>
    /// <param name="slots">The pool's workers, by index.</param>
    /// <param name="node">The node's name (UTF-8), sent with every reply.</param>
    /// <param name="outcomes">Told what became of each batch.</param>
    public ResultBatcher(IChannel channel, WorkerSlot[] slots, byte[] node, IReplyOutcomes outcomes)
    {
        _channel = channel;
        _slots = slots;
        _outcomes = outcomes;
        _pending = new Batch(slots.Length, node);
        _spare = new Batch(slots.Length, node);
    }

    /// <summary>Starts the sending loop.</summary>
    public void Start() => _loop = RunAsync();

    /// <summary>
    /// Adds a chunk's outcome: <paramref name="slot"/>'s result buffer, or <paramref name="failure"/> for a chunk that
    /// was dead-lettered. The chunk is acknowledged after the reply carrying the outcome was confirmed.
    /// </summary>
    /// <param name="slot">The worker that handled the chunk.</param>
    /// <param name="deliveryTag">The chunk's delivery tag on the worker's channel.</param>
    /// <param name="replyTo">The origin's reply queue.</param>
    /// <param name="id">The chunk's id at its origin.</param>
    /// <param name="attempt">Which delivery of the chunk this was.</param>
    /// <param name="failure">The handler's last failure, or <see langword="null"/> for a result.</param>
    /// <returns><see langword="false"/> when the batcher is closed: the chunk stays unacknowledged.</returns>
    public bool TryAdd(WorkerSlot slot, ulong deliveryTag, string replyTo, long id, int attempt, Exception? failure)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            var group = _pending.GroupFor(replyTo);
            if (failure is null)
            {
                ResultWireFormat.WriteResult(group.Body, id, attempt, slot.Result.WrittenSpan);
            }
            else
            {
                var message = DeadLetters.ErrorMessage(failure);
                ResultWireFormat.WriteFailure(group.Body, id, attempt, failure.GetType().FullName ?? failure.GetType().Name, message);
            }

            group.Count++;
            _pending.Track(slot.Index, deliveryTag, failure is not null);
        }

        _signal.Set();
        return true;
    }

    /// <summary>Sends what was added, stops taking outcomes and waits for the loop to end.</summary>
    /// <returns>A task that completes when the loop ended.</returns>
    public Task CloseAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _signal.Set();
        return _loop;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Any failure to publish or acknowledge leaves the chunks to the broker, which redelivers them; the pool reconnects.")]
    private async Task RunAsync()
    {
        while (true)
        {
            Batch? batch = null;
            lock (_gate)
            {
                if (_pending.Total > 0)
                {
                    batch = _pending;
                    _pending = _spare;
                }
                else if (_closed)
                {
                    return;
                }
            }

            if (batch is null)
            {
                await _signal.WaitAsync().ConfigureAwait(false);
                continue;
            }

            Exception? failure = null;
            try
            {
                await SendAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            batch.Clear();
            lock (_gate)
            {
                _spare = batch;
                if (failure is not null)
                {
                    _closed = true;
                    _outcomes.Unsettled(_pending.Total);
                    _pending.Clear();
                }
            }

            if (failure is not null)
            {
                _outcomes.Lost(failure);
                return;
            }
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The first failure is kept and rethrown once every reply in flight has been awaited.")]
    private async Task SendAsync(Batch batch)
    {
        // Every origin's reply goes out before any confirm is awaited: a batch for k origins costs one round trip, not k.
        var confirms = batch.Confirms(batch.GroupCount);
        var sent = 0;
        Exception? failure = null;
        try
        {
            for (; sent < batch.GroupCount; sent++)
            {
                var group = batch.Groups[sent];
                ChunkWireFormat.SetInt32(group.Properties.Headers!, WireHeaders.Batch, group.Count);
                confirms[sent] = _channel.BasicPublishAsync(string.Empty, group.ReplyTo, false, group.Properties, group.Body.WrittenMemory, CancellationToken.None).AsTask();
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        for (var i = 0; i < sent; i++)
        {
            try
            {
                await confirms[i]!.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure ??= ex;
            }

            confirms[i] = null;
        }

        if (failure is not null)
        {
            _outcomes.Unsettled(batch.Total);
            ExceptionDispatchInfo.Throw(failure);
        }

        var settled = 0;
        var deadLettered = 0;
        var left = 0;
        try
        {
            foreach (var index in batch.Touched)
            {
                var slot = _slots[index];
                if (slot.AcksStopped || slot.Channel is not { } channel)
                {
                    left += batch.Count[index];
                    continue;
                }

                await channel.BasicAckAsync(batch.LastTag[index], multiple: true, CancellationToken.None).ConfigureAwait(false);
                settled += batch.Count[index];
                deadLettered += batch.DeadLettered[index];
            }
        }
        catch
        {
            left = batch.Total - settled;
            throw;
        }
        finally
        {
            _outcomes.Settled(settled - deadLettered, deadLettered);
            _outcomes.Unsettled(left);
        }
    }

    /// <summary>The outcomes gathered while the previous batch was on its way: reply bodies by origin, last tags by worker.</summary>
    private sealed class Batch(int workers, byte[] node)
    {
        private Task?[] _confirms = new Task?[4];

        public List<ReplyGroup> Groups { get; } = [];

        public int GroupCount { get; private set; }

        public ulong[] LastTag { get; } = new ulong[workers];

        public int[] Count { get; } = new int[workers];

        public int[] DeadLettered { get; } = new int[workers];

        public List<int> Touched { get; } = new(workers);

        public int Total { get; private set; }

        public ReplyGroup GroupFor(string replyTo)
        {
            for (var i = GroupCount - 1; i >= 0; i--)
            {
                var group = Groups[i];
                if (string.Equals(group.ReplyTo, replyTo, StringComparison.Ordinal))
                {
                    if (group.Count < MaxGroupRecords && group.Body.WrittenCount < MaxGroupBytes)
                    {
                        return group;
                    }

                    break;
                }
            }

            if (GroupCount == Groups.Count)
            {
                Groups.Add(new ReplyGroup(node));
            }

            var next = Groups[GroupCount++];
            next.ReplyTo = replyTo;
            return next;
        }

        /// <summary>Gets room for the confirms of <paramref name="count"/> replies in flight at once.</summary>
        public Task?[] Confirms(int count)
        {
            if (_confirms.Length < count)
            {
                _confirms = new Task?[Math.Max(count, _confirms.Length * 2)];
            }

            return _confirms;
        }

        public void Track(int worker, ulong deliveryTag, bool deadLettered)
        {
            if (Count[worker] == 0)
            {
                Touched.Add(worker);
            }

            Count[worker]++;
            LastTag[worker] = deliveryTag;
            if (deadLettered)
            {
                DeadLettered[worker]++;
            }

            Total++;
        }

        public void Clear()
        {
            for (var i = 0; i < GroupCount; i++)
            {
                Groups[i].Clear();
            }

            foreach (var worker in Touched)
            {
                Count[worker] = 0;
                DeadLettered[worker] = 0;
                LastTag[worker] = 0;
            }

            Touched.Clear();
            GroupCount = 0;
            Total = 0;
        }
    }

    /// <summary>One reply message in the making: the records bound for one origin's reply queue.</summary>
    /// <param name="node">The node's name (UTF-8), sent with every reply.</param>
    private sealed class ReplyGroup(byte[] node)
    {
        public string ReplyTo { get; set; } = string.Empty;

        /// <summary>Gets the reply's properties: its own, since the replies of a batch are in flight together.</summary>
        public BasicProperties Properties { get; } = new()
        {
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>(4, StringComparer.Ordinal) { [WireHeaders.Node] = node },
        };

        public ArrayBufferWriter<byte> Body { get; } = new(4096);

        public int Count { get; set; }

        public void Clear()
        {
            Body.ResetWrittenCount();
            Count = 0;
            ReplyTo = string.Empty;
        }
    }
}

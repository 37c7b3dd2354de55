using System.Diagnostics.CodeAnalysis;
using System.Text;
using ActorFrames.RabbitMq.Connections;
using ActorFrames.RabbitMq.Status;
using ActorFrames.RabbitMq.Wire;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorFrames.RabbitMq.Node;

/// <summary>
/// One pool of a worker node: each worker consumes the consumer's work queue on a channel of its own with its share of
/// the pool's prefetch, runs the handler on one chunk at a time and hands the result to the session's
/// <see cref="ResultBatcher"/>, which publishes it to the origin's reply queue with a confirm and only then
/// acknowledges the chunk. A failed chunk is requeued until its last allowed delivery, then dead-lettered with the
/// error and reported to the origin.
/// </summary>
internal sealed class WorkerPool
{
    private readonly HandlerRegistration _registration;
    private readonly Topology _topology;
    private readonly ILogger _logger;
    private readonly byte[] _nodeName;
    private readonly byte[] _handlerName;
    private readonly string _nodeText;
    private readonly Utf8Interner _strings = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource? _idle;
    private PoolSession? _session;
    private int _inFlight;
    private long _processed;
    private long _failed;
    private long _deadLettered;
    private long _redelivered;

    /// <summary>Initializes a new instance of the <see cref="WorkerPool"/> class.</summary>
    /// <param name="options">The pool's settings.</param>
    /// <param name="registration">The handler it runs.</param>
    /// <param name="topology">The cluster's queues.</param>
    /// <param name="node">The node's name.</param>
    /// <param name="logger">The logger.</param>
    public WorkerPool(WorkerPoolOptions options, HandlerRegistration registration, Topology topology, string node, ILogger logger)
    {
        Consumer = options.Consumer;
        Handler = options.Handler;
        Workers = options.Workers;
        Prefetch = options.EffectivePrefetch();
        _registration = registration;
        _topology = topology;
        _logger = logger;
        _nodeText = node;
        _nodeName = Encoding.UTF8.GetBytes(node);
        _handlerName = Encoding.UTF8.GetBytes(options.Handler);
        WorkQueue = topology.WorkQueue(Consumer);
    }

    /// <summary>Gets the consumer whose queue the pool serves.</summary>
    public string Consumer { get; }

    /// <summary>Gets the handler the pool runs.</summary>
    public string Handler { get; }

    /// <summary>Gets the pool's size.</summary>
    public int Workers { get; }

    /// <summary>Gets the pool's prefetch (the sum of its workers' shares).</summary>
    public int Prefetch { get; }

    /// <summary>Gets the work queue.</summary>
    public string WorkQueue { get; }

    /// <summary>Gets the number of chunks delivered and not yet settled (handled, or awaiting their reply's confirm).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets the pool's figures for a heartbeat.</summary>
    /// <returns>The figures.</returns>
    public PoolHeartbeat Snapshot() => new(
        Consumer,
        Handler,
        Workers,
        InFlight,
        Interlocked.Read(ref _processed),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _deadLettered),
        Interlocked.Read(ref _redelivered));

    /// <summary>Shares a pool's prefetch out between its workers as evenly as it goes; every worker holds at least one chunk.</summary>
    /// <param name="prefetch">The pool's prefetch.</param>
    /// <param name="workers">The pool's size.</param>
    /// <param name="worker">A worker's index.</param>
    /// <returns>That worker's prefetch.</returns>
    internal static ushort PrefetchShare(int prefetch, int workers, int worker)
        => (ushort)Math.Clamp((prefetch / workers) + (worker < prefetch % workers ? 1 : 0), 1, ushort.MaxValue);

    /// <summary>Opens a session of the pool on <paramref name="connection"/>: declares its queues, opens a channel per worker and starts consuming.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="onLost">Called when the broker cancels a subscription (its queue was deleted) or results can no longer be sent: the node reconnects.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the pool consumes.</returns>
    public async Task StartAsync(IConnection connection, Action onLost, CancellationToken cancellationToken)
    {
        var resultChannel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
            cancellationToken).ConfigureAwait(false);
        await _topology.DeclareConsumerAsync(resultChannel, Consumer, cancellationToken).ConfigureAwait(false);
        var slots = new WorkerSlot[Workers];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = new WorkerSlot(i, _registration.CreateEncoded(), PrefetchShare(Prefetch, Workers, i));
        }

        var session = new PoolSession(this, resultChannel, slots, _nodeName, onLost);
        _session = session;
        session.Batcher.Start();
        foreach (var slot in slots)
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            slot.Channel = channel;
            await channel.BasicQosAsync(0, slot.Prefetch, false, cancellationToken).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => OnDeliveryAsync(session, slot, delivery);
            consumer.UnregisteredAsync += (_, _) =>
            {
                slot.Unregistered.TrySetResult();
                session.Lose();
                return Task.CompletedTask;
            };
            slot.ConsumerTag = await channel.BasicConsumeAsync(WorkQueue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops taking new chunks and waits until the client has handed every chunk delivered before the cancellation to
    /// a worker, so that <see cref="WaitIdleAsync"/> then covers all of them.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when no further chunk can start.</returns>
    public async Task StopConsumingAsync(CancellationToken cancellationToken)
    {
        if (_session is not { } session)
        {
            return;
        }

        session.Stopping = true;
        foreach (var slot in session.Slots)
        {
            if (slot.Channel is { IsOpen: true } channel && slot.ConsumerTag is { } tag)
            {
                await channel.BasicCancelAsync(tag, noWait: false, cancellationToken).ConfigureAwait(false);
            }
        }

        // A worker's dispatcher reads deliveries and the cancellation in order, so once it announces the cancellation
        // every earlier delivery has entered OnDeliveryAsync and counts as in flight.
        foreach (var slot in session.Slots)
        {
            if (slot.ConsumerTag is not null)
            {
                await slot.Unregistered.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until no chunk is in progress.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the pool is idle.</returns>
    public async Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task idle;
            lock (_gate)
            {
                if (_inFlight == 0)
                {
                    return;
                }

                idle = (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels the handlers still running (their chunks return to the queue when the channel closes).</summary>
    public void Abort()
    {
        if (_session is { } session)
        {
            session.Stopping = true;
            session.Abort();
        }
    }

    /// <summary>Closes the session's channels; unacknowledged chunks go back to the queue.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _session, null) is not { } session)
        {
            return;
        }

        session.Stopping = true;
        foreach (var slot in session.Slots)
        {
            slot.AcksStopped = true;
            await BrokerClose.QuietlyAsync(slot.Channel).ConfigureAwait(false);
        }

        await BrokerClose.QuietlyAsync(session.ResultChannel).ConfigureAwait(false);
        await session.Batcher.CloseAsync().ConfigureAwait(false);
        session.Dispose();
    }

    /// <summary>Counts chunks whose replies were confirmed and which were acknowledged.</summary>
    /// <param name="processed">Chunks whose handler succeeded.</param>
    /// <param name="deadLettered">Chunks that were dead-lettered.</param>
    internal void OnSettled(int processed, int deadLettered)
    {
        Interlocked.Add(ref _processed, processed);
        Interlocked.Add(ref _deadLettered, deadLettered);
        Leave(processed + deadLettered);
    }

    /// <summary>Logs that results could no longer be sent.</summary>
    /// <param name="error">Why.</param>
    internal void OnResultsLost(Exception error) => RabbitMqLog.SettleLost(_logger, error, Consumer);

    /// <summary>Counts chunks that are no longer in progress here.</summary>
    /// <param name="count">How many.</param>
    internal void Leave(int count)
    {
        if (count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _inFlight -= count;
            if (_inFlight == 0 && _idle is { } idle)
            {
                _idle = null;
                idle.TrySetResult();
            }
        }
    }

    private void Enter()
    {
        lock (_gate)
        {
            _inFlight++;
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The pool is the escalation point of a handler: its failure is retried or dead-lettered and reported to the origin.")]
    private async Task OnDeliveryAsync(PoolSession session, WorkerSlot slot, BasicDeliverEventArgs delivery)
    {
        Enter();

        var handedOn = false;
        var abort = session.Aborted;
        var channel = slot.Channel!;
        try
        {
            if (abort.IsCancellationRequested || slot.AcksStopped)
            {
                // The session is ending: leave the chunk to the broker, which requeues it when the channel closes.
                slot.AcksStopped = true;
                return;
            }

            var headers = delivery.BasicProperties.Headers;
            var attempt = 1;
            long id = 0;
            Exception? failure = null;
            var permanent = false;
            try
            {
                attempt = (int)Math.Min(int.MaxValue - 1, ChunkWireFormat.ReadDeliveryCount(headers)) + 1;
                if (attempt > 1)
                {
                    Interlocked.Increment(ref _redelivered);
                }

                var info = ChunkWireFormat.ReadChunk(headers, _strings, out var elementType, out var handler, out id);
                if (!handler.SequenceEqual(_handlerName))
                {
                    permanent = true;
                    throw new InvalidOperationException($"The chunk names handler '{Encoding.UTF8.GetString(handler)}', but pool '{Consumer}' on node '{_nodeText}' runs '{Handler}'.");
                }

                if (elementType != _registration.ElementType)
                {
                    permanent = true;
                    throw new FormatException($"The chunk holds {elementType} elements, but handler '{Handler}' takes {_registration.ElementType}.");
                }

                slot.Result.ResetWrittenCount();
                await slot.Handler.InvokeAsync(delivery.Body, info, slot.Result, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                // Hard stop: leave the chunk unacknowledged; the broker hands it to another node when the channel closes.
                slot.AcksStopped = true;
                return;
            }
            catch (FormatException ex)
            {
                failure = ex;
                permanent = true;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            var replyTo = delivery.BasicProperties.ReplyTo;
            if (failure is null)
            {
                handedOn = Settle(session, slot, channel, delivery.DeliveryTag, replyTo, id, attempt, null);
            }
            else if (!permanent && attempt < _topology.DeliveryLimit)
            {
                Interlocked.Increment(ref _failed);
                RabbitMqLog.HandlerFailedRequeued(_logger, failure, Consumer, attempt, _topology.DeliveryLimit);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                Interlocked.Increment(ref _failed);
                await DeadLetters.PublishAsync(session.ResultChannel, _topology.DeadLetterQueue(Consumer), delivery, _nodeName, failure, attempt).ConfigureAwait(false);
                RabbitMqLog.ChunkDeadLettered(_logger, failure, Consumer, attempt);
                handedOn = Settle(session, slot, channel, delivery.DeliveryTag, replyTo, id, attempt, failure);
            }
        }
        catch (Exception ex)
        {
            // Neither acknowledged nor requeued, and a later multiple acknowledgement must not settle it: stop
            // acknowledging on this channel and reconnect, so that the broker redelivers what the session holds.
            RabbitMqLog.SettleLost(_logger, ex, Consumer);
            slot.AcksStopped = true;
            session.Lose();
        }
        finally
        {
            if (!handedOn)
            {
                Leave(1);
            }
        }
    }

    /// <summary>Hands a finished chunk's outcome to the batcher, which acknowledges it once the reply is confirmed.</summary>
    /// <returns>Whether the batcher took the chunk (it then counts the chunk as in flight until it is acknowledged).</returns>
    private bool Settle(PoolSession session, WorkerSlot slot, IChannel channel, ulong deliveryTag, string? replyTo, long id, int attempt, Exception? failure)
    {
        if (string.IsNullOrEmpty(replyTo))
        {
            // Nowhere to send the outcome: acknowledge the chunk alone (a single tag never settles another one).
            RabbitMqLog.NoReplyTo(_logger, Consumer);
            _ = AckAloneAsync(channel, deliveryTag);
            return false;
        }

        if (session.Batcher.TryAdd(slot, deliveryTag, replyTo, id, attempt, failure))
        {
            return true;
        }

        // The session is closing: leave the chunk to the broker, and every later one of this worker with it.
        slot.AcksStopped = true;
        return false;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A chunk that cannot be acknowledged is delivered again; nothing else to do.")]
    private async Task AckAloneAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicAckAsync(deliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RabbitMqLog.SettleLost(_logger, ex, Consumer);
        }
    }
}

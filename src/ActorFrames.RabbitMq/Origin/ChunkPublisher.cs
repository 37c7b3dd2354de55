using System.Diagnostics.CodeAnalysis;
using ActorFrames.RabbitMq.Connections;
using ActorFrames.RabbitMq.Wire;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>
/// Moves one consumer's spooled chunks to its work queue and brings the replies back: connects (and reconnects with
/// backoff), declares the queues, publishes with confirms and a bounded window, and consumes the reply queue. A chunk
/// leaves the spool only when the broker confirmed it, or when it can never be published (reported as failed); a
/// publish that fails puts it back to be sent again.
/// </summary>
internal sealed class ChunkPublisher : IAsyncDisposable
{
    private static readonly CachedString s_defaultExchange = new(string.Empty);
    private readonly RabbitMqOptions _options;
    private readonly Topology _topology;
    private readonly BrokerConnector _connector;
    private readonly OutboundSpool _spool;
    private readonly IReplyReceiver _receiver;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _consumer;
    private readonly CachedString _workQueue;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _connected;
    private long _confirmed;
    private long _sessions;

    /// <summary>Initializes a new instance of the <see cref="ChunkPublisher"/> class.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="consumer">The consumer whose queue the chunks go to.</param>
    /// <param name="originId">This dispatcher's unique id (names the reply queue).</param>
    /// <param name="spool">Where accepted chunks wait.</param>
    /// <param name="receiver">Where replies go.</param>
    /// <param name="timeProvider">The clock of the reconnection pauses.</param>
    /// <param name="logger">The logger.</param>
    public ChunkPublisher(RabbitMqOptions options, string consumer, string originId, OutboundSpool spool, IReplyReceiver receiver, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _topology = new Topology(options);
        _connector = new BrokerConnector(options);
        _consumer = consumer;
        _spool = spool;
        _receiver = receiver;
        _timeProvider = timeProvider;
        _logger = logger;
        _workQueue = new CachedString(_topology.WorkQueue(consumer));
        ReplyQueue = _topology.ReplyQueue(consumer, originId);
    }

    /// <summary>Gets the queue replies come back on.</summary>
    public string ReplyQueue { get; }

    /// <summary>Gets a value indicating whether a session with the broker is open.</summary>
    public bool IsConnected => Volatile.Read(ref _connected) != 0;

    /// <summary>Gets the number of chunks the broker confirmed.</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    /// <summary>Gets the number of sessions opened (1 plus the reconnections).</summary>
    public long Sessions => Interlocked.Read(ref _sessions);

    /// <summary>Starts connecting and publishing in the background.</summary>
    public void Start() => _loop = RunAsync(_stop.Token);

    /// <summary>Stops publishing and closes the connection; chunks not yet confirmed stay in the spool.</summary>
    /// <returns>A task that completes when the background work ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task CancelWhenSignalledAsync(Task signal, CancellationTokenSource session)
    {
        // The signal completes asynchronously, so the cancellation callbacks never run on the client's I/O loop.
        await signal.ConfigureAwait(false);
        await session.CancelAsync().ConfigureAwait(false);
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The reconnection loop is the escalation point of the broker session: it logs the failure once and reconnects; spooled chunks are kept.")]
    private async Task RunAsync(CancellationToken stop)
    {
        var backoff = new ReconnectBackoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay);
        while (!stop.IsCancellationRequested)
        {
            Exception? failure;
            try
            {
                failure = await RunSessionAsync(backoff, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            var delay = backoff.Next();
            RabbitMqLog.OriginDisconnected(_logger, failure ?? new AlreadyClosedException(new ShutdownEventArgs(ShutdownInitiator.Peer, 0, "connection lost")), _consumer, delay, _spool.Count);
            try
            {
                await Task.Delay(delay, _timeProvider, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task<Exception?> RunSessionAsync(ReconnectBackoff backoff, CancellationToken stop)
    {
        var connection = await _connector.ConnectAsync($"origin {_consumer}", stop).ConfigureAwait(false);
        var session = new PublishSession(_options.PublishWindow, _spool, OnConfirmed);
        using var sessionCancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var watcher = CancelWhenSignalledAsync(session.Lost, sessionCancel);
        connection.ConnectionShutdownAsync += session.OnShutdownAsync;
        IChannel? publishChannel = null;
        IChannel? replyChannel = null;
        try
        {
            // Confirms are tracked here, not by the client: one record per publish in a ring, settled by the broker's
            // (often multiple) acknowledgements, instead of a task per message.
            publishChannel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false),
                stop).ConfigureAwait(false);
            publishChannel.BasicAcksAsync += session.OnAcksAsync;
            publishChannel.BasicNacksAsync += session.OnNacksAsync;
            publishChannel.BasicReturnAsync += session.OnReturnAsync;
            // The broker may close the channel alone (a message over its size limit, a channel error) and keep the
            // connection: its confirms will never come, so the session ends and its chunks are published again.
            publishChannel.ChannelShutdownAsync += session.OnShutdownAsync;
            replyChannel = await connection.CreateChannelAsync(cancellationToken: stop).ConfigureAwait(false);
            await _topology.DeclareConsumerAsync(publishChannel, _consumer, stop).ConfigureAwait(false);
            await _topology.DeclareReplyQueueAsync(publishChannel, ReplyQueue, _consumer, stop).ConfigureAwait(false);
            await replyChannel.BasicQosAsync(0, (ushort)Math.Min(ushort.MaxValue, _options.PublishWindow * 2), false, stop).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(replyChannel);
            consumer.ReceivedAsync += OnReplyAsync;
            consumer.UnregisteredAsync += session.OnConsumerCancelledAsync;
            await replyChannel.BasicConsumeAsync(ReplyQueue, autoAck: false, consumer, stop).ConfigureAwait(false);

            backoff.Reset();
            Interlocked.Increment(ref _sessions);
            Volatile.Write(ref _connected, 1);
            RabbitMqLog.OriginConnected(_logger, _consumer, ReplyQueue, _spool.PendingCount);
            try
            {
                await PublishLoopAsync(publishChannel, session, sessionCancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (sessionCancel.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                // The connection or a publish failed: the caller reconnects.
            }

            return session.Failure;
        }
        finally
        {
            Volatile.Write(ref _connected, 0);
            connection.ConnectionShutdownAsync -= session.OnShutdownAsync;
            session.MarkLost(null);
            await watcher.ConfigureAwait(false);
            await BrokerClose.QuietlyAsync(connection).ConfigureAwait(false);
            session.ReturnUnconfirmed();
            publishChannel?.Dispose();
            replyChannel?.Dispose();
            connection.Dispose();
        }
    }

    private async Task PublishLoopAsync(IChannel channel, PublishSession session, CancellationToken cancellationToken)
    {
        using var wake = cancellationToken.UnsafeRegister(static state => ((PublishSession)state!).Wake(), session);
        while (true)
        {
            if (!session.HasRoom)
            {
                // The window is full: go on once a burst fits, not at every confirm.
                while (!session.HasRoomToResume)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await session.WaitForRoomAsync().ConfigureAwait(false);
                }
            }

            var entry = await _spool.TakeAsync(cancellationToken).ConfigureAwait(false);
            if (entry.WhyUnpublishable() is { } unpublishable)
            {
                // Retrying it would fail the same way in every session: report it and go on with the rest.
                var id = entry.Id;
                _spool.Discard(entry);
                RabbitMqLog.ChunkUnpublishable(_logger, unpublishable, _consumer, id);
                _receiver.OnUnpublishable(id, unpublishable);
                continue;
            }

            ulong sequence;
            try
            {
                sequence = await channel.GetNextPublishSequenceNumberAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _spool.Return(entry);
                throw;
            }

            // Tracked before it is sent, so that a confirm arriving at once finds it.
            session.Track(sequence, entry);
            try
            {
                await channel.BasicPublishAsync(s_defaultExchange, _workQueue, true, entry.Properties, entry.Memory, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The entry goes back to the spool with every other unconfirmed one when the session ends.
                session.MarkLost(ex);
                return;
            }
        }
    }

    private void OnConfirmed(int count) => Interlocked.Add(ref _confirmed, count);

    private async Task OnReplyAsync(object sender, BasicDeliverEventArgs delivery)
    {
        try
        {
            var headers = delivery.BasicProperties.Headers;
            if (headers is not null && headers.TryGetValue(WireHeaders.Id, out var idValue))
            {
                // A chunk itself came back: the broker dead-lettered it (every worker that took it died before settling it).
                OnDeadLettered(delivery, headers, idValue);
                return;
            }

            var node = headers is not null && headers.TryGetValue(WireHeaders.Node, out var value) && value is byte[] bytes ? bytes : [];
            var body = delivery.Body.Span;
            while (ResultWireFormat.TryRead(ref body, out var record))
            {
                _receiver.OnReply(record, node);
            }
        }
        catch (FormatException ex)
        {
            RabbitMqLog.MalformedReply(_logger, ex, _consumer);
        }
        finally
        {
            await AckQuietlyAsync(((AsyncEventingBasicConsumer)sender).Channel, delivery.DeliveryTag).ConfigureAwait(false);
        }
    }

    private void OnDeadLettered(BasicDeliverEventArgs delivery, IDictionary<string, object?> headers, object? idValue)
    {
        // Every reply queue of the consumer hears of every broker dead letter; only the chunk's origin reports it.
        if (idValue is not long id || !string.Equals(delivery.BasicProperties.ReplyTo, ReplyQueue, StringComparison.Ordinal))
        {
            return;
        }

        var reason = headers.TryGetValue("x-first-death-reason", out var reasonValue) && reasonValue is byte[] reasonBytes
            ? System.Text.Encoding.UTF8.GetString(reasonBytes)
            : "dead-lettered";
        _receiver.OnDeadLettered(id, reason, _topology.DeadLetterQueue(_consumer));
    }

    private static async Task AckQuietlyAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicAckAsync(deliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or ObjectDisposedException)
        {
            // The reply comes again after reconnection, and the dispatcher drops it as a duplicate.
        }
    }
}

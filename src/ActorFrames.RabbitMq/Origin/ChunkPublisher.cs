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
/// leaves the spool only when the broker confirmed it; a publish that fails puts it back to be sent again.
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
        var session = new Session(_options.PublishWindow);
        using var sessionCancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var watcher = CancelWhenSignalledAsync(session.Lost, sessionCancel);
        connection.ConnectionShutdownAsync += session.OnShutdownAsync;
        try
        {
            var publishChannel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
                stop).ConfigureAwait(false);
            var replyChannel = await connection.CreateChannelAsync(cancellationToken: stop).ConfigureAwait(false);
            await _topology.DeclareConsumerAsync(publishChannel, _consumer, stop).ConfigureAwait(false);
            await _topology.DeclareReplyQueueAsync(publishChannel, ReplyQueue, stop).ConfigureAwait(false);
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
            await CloseQuietlyAsync(connection).ConfigureAwait(false);
            await session.WaitForPublishesAsync(_options.ConnectionTimeout * 2, _timeProvider).ConfigureAwait(false);
            connection.Dispose();
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Closing a connection that may already be dead: any failure means it is closed.")]
    private static async Task CloseQuietlyAsync(IConnection connection)
    {
        try
        {
            if (connection.IsOpen)
            {
                await connection.CloseAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Already closed or unreachable: the broker requeues whatever this connection held.
        }
    }

    private async Task PublishLoopAsync(IChannel channel, Session session, CancellationToken cancellationToken)
    {
        while (true)
        {
            await session.Window.WaitAsync(cancellationToken).ConfigureAwait(false);
            SpoolEntry entry;
            try
            {
                entry = await _spool.TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                session.Window.Release();
                throw;
            }

            session.BeginPublish();

            // Observed through the session: PublishOneAsync never throws, and the session waits for every publish it began.
            _ = PublishOneAsync(channel, entry, session);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Any publish failure (nack, return, closed channel) puts the chunk back in the spool and ends the session, which logs it once.")]
    private async Task PublishOneAsync(IChannel channel, SpoolEntry entry, Session session)
    {
        try
        {
            await channel.BasicPublishAsync(s_defaultExchange, _workQueue, true, entry.Properties, entry.Memory, CancellationToken.None).ConfigureAwait(false);
            _spool.Confirm(entry);
            Interlocked.Increment(ref _confirmed);
        }
        catch (Exception ex)
        {
            _spool.Return(entry);
            session.MarkLost(ex);
        }
        finally
        {
            session.EndPublish();
        }
    }

    private async Task OnReplyAsync(object sender, BasicDeliverEventArgs delivery)
    {
        try
        {
            var headers = delivery.BasicProperties.Headers ?? throw new FormatException("The reply has no headers.");
            var id = ChunkWireFormat.GetInt64(headers, WireHeaders.Id);
            var succeeded = ChunkWireFormat.GetBytes(headers, WireHeaders.Status).SequenceEqual(ResultWireFormat.Ok);
            _receiver.OnReply(id, succeeded, delivery.Body.Span, delivery.BasicProperties);
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

    /// <summary>The state of one broker connection: the publish window, the publishes in flight and the loss signal.</summary>
    private sealed class Session(int window)
    {
        private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _outstanding = 1;
        private Exception? _failure;

        public SemaphoreSlim Window { get; } = new(window, window);

        public Task Lost => _lost.Task;

        public Exception? Failure => Volatile.Read(ref _failure);

        public void BeginPublish() => Interlocked.Increment(ref _outstanding);

        public void EndPublish()
        {
            Window.Release();
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                _idle.TrySetResult();
            }
        }

        public void MarkLost(Exception? error)
        {
            if (error is not null)
            {
                Interlocked.CompareExchange(ref _failure, error, null);
            }

            _lost.TrySetResult();
        }

        public Task OnConsumerCancelledAsync(object sender, ConsumerEventArgs args)
        {
            // Only the broker cancels the reply consumer (its queue was deleted): reconnect, which declares it again.
            MarkLost(new OperationInterruptedException(new ShutdownEventArgs(ShutdownInitiator.Peer, 404, "The reply consumer was cancelled by the broker.")));
            return Task.CompletedTask;
        }

        public Task OnShutdownAsync(object sender, ShutdownEventArgs args)
        {
            MarkLost(args.Exception ?? new AlreadyClosedException(args));
            return Task.CompletedTask;
        }

        public async Task WaitForPublishesAsync(TimeSpan timeout, TimeProvider timeProvider)
        {
            // The initial count of 1 stands for the loop itself; releasing it lets the count reach zero.
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                _idle.TrySetResult();
            }

            try
            {
                await _idle.Task.WaitAsync(timeout, timeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A publish that never completes keeps its chunk counted in the spool; it returns when it fails.
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using ActorFrames.RabbitMq.Status;
using ActorFrames.RabbitMq.Wire;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace ActorFrames.RabbitMq.Node;

/// <summary>
/// One pool of a worker node: consumes a consumer's work queue with a prefetch equal to its size, runs the handler,
/// publishes the result to the origin's reply queue with a confirm and only then acknowledges the chunk. A failed
/// chunk is requeued until its last allowed delivery, then dead-lettered with the error and reported to the origin.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private static readonly byte[] s_ok = ResultWireFormat.Ok.ToArray();
    private static readonly byte[] s_failed = ResultWireFormat.Failed.ToArray();
    private readonly HandlerRegistration _registration;
    private readonly Topology _topology;
    private readonly ILogger _logger;
    private readonly byte[] _nodeName;
    private readonly byte[] _handlerName;
    private readonly string _nodeText;
    private readonly ConcurrentBag<WorkerSlot> _slots = [];
    private readonly Utf8Interner _strings = new();
    private readonly Lock _gate = new();
    private CancellationTokenSource _abort = new();
    private TaskCompletionSource? _idle;
    private IChannel? _consumeChannel;
    private IChannel? _resultChannel;
    private string? _consumerTag;
    private TaskCompletionSource _unregistered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action? _onCancelledByBroker;
    private volatile bool _stopping;
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
        _registration = registration;
        _topology = topology;
        _logger = logger;
        _nodeText = node;
        _nodeName = Encoding.UTF8.GetBytes(node);
        _handlerName = Encoding.UTF8.GetBytes(options.Handler);
        WorkQueue = topology.WorkQueue(Consumer);
        for (var i = 0; i < Workers; i++)
        {
            _slots.Add(new WorkerSlot(registration.CreateEncoded()));
        }
    }

    /// <summary>Gets the consumer whose queue the pool serves.</summary>
    public string Consumer { get; }

    /// <summary>Gets the handler the pool runs.</summary>
    public string Handler { get; }

    /// <summary>Gets the pool's size.</summary>
    public int Workers { get; }

    /// <summary>Gets the work queue.</summary>
    public string WorkQueue { get; }

    /// <summary>Gets the number of chunks in progress.</summary>
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

    /// <summary>Opens the pool's channels on <paramref name="connection"/>, declares its queues and starts consuming.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="onCancelledByBroker">Called when the broker cancels the subscription (its queue was deleted): the node reconnects.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the pool consumes.</returns>
    public async Task StartAsync(IConnection connection, Action onCancelledByBroker, CancellationToken cancellationToken)
    {
        _onCancelledByBroker = onCancelledByBroker;
        _stopping = false;
        _unregistered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_abort.IsCancellationRequested)
        {
            _abort.Dispose();
            _abort = new CancellationTokenSource();
        }

        _resultChannel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
            cancellationToken).ConfigureAwait(false);
        await _topology.DeclareConsumerAsync(_resultChannel, Consumer, cancellationToken).ConfigureAwait(false);
        _consumeChannel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: (ushort)Workers),
            cancellationToken).ConfigureAwait(false);
        await _consumeChannel.BasicQosAsync(0, (ushort)Workers, false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(_consumeChannel);
        consumer.ReceivedAsync += OnDeliveryAsync;
        consumer.UnregisteredAsync += OnUnregisteredAsync;
        _consumerTag = await _consumeChannel.BasicConsumeAsync(WorkQueue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops taking new chunks and waits until the client has handed every chunk delivered before the cancellation to
    /// a worker, so that <see cref="WaitIdleAsync"/> then covers all of them.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when no further chunk can start.</returns>
    public async Task StopConsumingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_consumeChannel is { IsOpen: true } channel && _consumerTag is { } tag)
        {
            await channel.BasicCancelAsync(tag, noWait: false, cancellationToken).ConfigureAwait(false);

            // The dispatcher reads deliveries and the cancellation in order, so once it announces the cancellation every
            // earlier delivery has entered OnDeliveryAsync and counts as in flight.
            await _unregistered.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Releases the pool's cancellation source.</summary>
    public void Dispose() => _abort.Dispose();

    /// <summary>Cancels the handlers still running (their chunks return to the queue when the channel closes).</summary>
    public void Abort() => _abort.Cancel();

    /// <summary>Closes the pool's channels; unacknowledged chunks go back to the queue.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async Task CloseAsync()
    {
        await CloseQuietlyAsync(_consumeChannel).ConfigureAwait(false);
        await CloseQuietlyAsync(_resultChannel).ConfigureAwait(false);
        _consumeChannel = null;
        _resultChannel = null;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Closing a channel that may already be dead: any failure means it is closed.")]
    private static async Task CloseQuietlyAsync(IChannel? channel)
    {
        if (channel is null)
        {
            return;
        }

        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Already closed: the broker requeued what it held.
        }

        channel.Dispose();
    }

    private Task OnUnregisteredAsync(object sender, ConsumerEventArgs args)
    {
        _unregistered.TrySetResult();
        if (!_stopping)
        {
            _onCancelledByBroker?.Invoke();
        }

        return Task.CompletedTask;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The pool is the escalation point of a handler: its failure is retried or dead-lettered and reported to the origin.")]
    private async Task OnDeliveryAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var consumeChannel = ((AsyncEventingBasicConsumer)sender).Channel;
        var resultChannel = _resultChannel;
        lock (_gate)
        {
            _inFlight++;
        }

        if (!_slots.TryTake(out var slot))
        {
            slot = new WorkerSlot(_registration.CreateEncoded());
        }

        var abort = _abort.Token;
        try
        {
            var headers = delivery.BasicProperties.Headers;
            var attempt = (int)Math.Min(int.MaxValue - 1, ChunkWireFormat.ReadDeliveryCount(headers)) + 1;
            if (attempt > 1)
            {
                Interlocked.Increment(ref _redelivered);
            }

            long id = 0;
            Exception? failure = null;
            var permanent = false;
            try
            {
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
                await slot.Handler.InvokeAsync(delivery.Body.Span, info, slot.Result, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                // Hard stop: leave the chunk unacknowledged; the broker hands it to another node when the channel closes.
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

            if (resultChannel is null)
            {
                return;
            }

            if (failure is null)
            {
                await ReplyAsync(resultChannel, delivery, slot, id, attempt, null).ConfigureAwait(false);
                await consumeChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _processed);
            }
            else if (!permanent && attempt < _topology.DeliveryLimit)
            {
                Interlocked.Increment(ref _failed);
                RabbitMqLog.HandlerFailedRequeued(_logger, failure, Consumer, attempt, _topology.DeliveryLimit);
                await consumeChannel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                Interlocked.Increment(ref _failed);
                await DeadLetterAsync(resultChannel, delivery, failure, attempt).ConfigureAwait(false);
                await ReplyAsync(resultChannel, delivery, slot, id, attempt, failure).ConfigureAwait(false);
                await consumeChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _deadLettered);
                RabbitMqLog.ChunkDeadLettered(_logger, failure, Consumer, attempt);
            }
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or ObjectDisposedException or PublishException)
        {
            // The connection went away before the chunk was settled: it stays unacknowledged and is delivered again.
            RabbitMqLog.SettleLost(_logger, ex, Consumer);
        }
        finally
        {
            _slots.Add(slot);
            lock (_gate)
            {
                _inFlight--;
                if (_inFlight == 0 && _idle is { } idle)
                {
                    _idle = null;
                    idle.TrySetResult();
                }
            }
        }
    }

    private async Task ReplyAsync(IChannel channel, BasicDeliverEventArgs delivery, WorkerSlot slot, long id, int attempt, Exception? failure)
    {
        var replyTo = delivery.BasicProperties.ReplyTo;
        if (string.IsNullOrEmpty(replyTo))
        {
            RabbitMqLog.NoReplyTo(_logger, Consumer);
            return;
        }

        var headers = slot.Reply.Headers!;
        ChunkWireFormat.SetInt64(headers, WireHeaders.Id, id);
        ChunkWireFormat.SetInt32(headers, WireHeaders.Attempt, attempt);
        headers[WireHeaders.Node] = _nodeName;
        var source = delivery.BasicProperties.Headers;
        if (source is not null && source.TryGetValue(WireHeaders.Sequence, out var sequence))
        {
            headers[WireHeaders.Sequence] = sequence;
        }

        if (source is not null && source.TryGetValue(WireHeaders.Stream, out var stream))
        {
            headers[WireHeaders.Stream] = stream;
        }

        ReadOnlyMemory<byte> body;
        if (failure is null)
        {
            headers[WireHeaders.Status] = s_ok;
            headers.Remove(WireHeaders.ErrorType);
            headers.Remove(WireHeaders.Error);
            body = slot.Result.WrittenMemory;
        }
        else
        {
            headers[WireHeaders.Status] = s_failed;
            headers[WireHeaders.ErrorType] = failure.GetType().FullName ?? failure.GetType().Name;
            headers[WireHeaders.Error] = Truncate(failure.Message, 4096);
            body = ReadOnlyMemory<byte>.Empty;
        }

        await channel.BasicPublishAsync(string.Empty, replyTo, false, slot.Reply, body, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DeadLetterAsync(IChannel channel, BasicDeliverEventArgs delivery, Exception failure, int attempt)
    {
        var headers = delivery.BasicProperties.Headers is { } original
            ? new Dictionary<string, object?>(original, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        headers.Remove("x-dotnet-pub-seq-no");
        headers[WireHeaders.Node] = _nodeName;
        headers[WireHeaders.Attempt] = attempt;
        headers[WireHeaders.ErrorType] = failure.GetType().FullName ?? failure.GetType().Name;
        headers[WireHeaders.Error] = Truncate(failure.Message, 4096);
        headers[WireHeaders.ErrorDetail] = Truncate(failure.ToString(), 8192);
        var properties = new BasicProperties
        {
            Headers = headers,
            DeliveryMode = DeliveryModes.Persistent,
            ReplyTo = delivery.BasicProperties.ReplyTo,
        };
        await channel.BasicPublishAsync(string.Empty, _topology.DeadLetterQueue(Consumer), true, properties, delivery.Body, CancellationToken.None).ConfigureAwait(false);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

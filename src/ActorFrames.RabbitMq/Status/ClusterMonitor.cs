using System.Collections.Immutable;
using System.Text.Json;
using ActorFrames.RabbitMq.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace ActorFrames.RabbitMq.Status;

/// <summary>
/// Listens to the heartbeat exchange and asks the broker for queue depths: what <c>actorframes status</c> shows. A
/// node is gone when it announced that it stopped, or when it missed <see cref="MissedHeartbeats"/> heartbeats.
/// </summary>
internal sealed class ClusterMonitor : IAsyncDisposable
{
    /// <summary>How many heartbeat intervals of silence make a node gone.</summary>
    public const int MissedHeartbeats = 3;

    private static readonly TimeSpan s_recheck = TimeSpan.FromMilliseconds(200);
    private readonly BrokerConnector _connector;
    private readonly Topology _topology;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (NodeHeartbeat Heartbeat, DateTimeOffset ReceivedAt)> _nodes = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IConnection? _connection;
    private IChannel? _channel;

    /// <summary>Initializes a new instance of the <see cref="ClusterMonitor"/> class.</summary>
    /// <param name="options">Validated broker options.</param>
    /// <param name="timeProvider">The clock that ages heartbeats.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public ClusterMonitor(RabbitMqOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        RabbitMqOptionsValidator.ThrowIfInvalid(options);
        _connector = new BrokerConnector(options);
        _topology = new Topology(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Connects and starts listening to heartbeats.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the monitor listens.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection = await _connector.ConnectAsync("status", cancellationToken).ConfigureAwait(false);
        _channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await _topology.DeclareHeartbeatExchangeAsync(_channel, cancellationToken).ConfigureAwait(false);
        var queue = await _channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _channel.QueueBindAsync(queue.QueueName, _topology.HeartbeatExchange, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += OnHeartbeatAsync;
        await _channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets the nodes heard from so far, each marked gone or not as of now.</summary>
    /// <returns>The nodes, by name.</returns>
    public ImmutableArray<NodeStatus> Nodes()
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            var nodes = ImmutableArray.CreateBuilder<NodeStatus>(_nodes.Count);
            foreach (var (heartbeat, receivedAt) in _nodes.Values.OrderBy(static n => n.Heartbeat.Node, StringComparer.Ordinal))
            {
                var silence = TimeSpan.FromSeconds(heartbeat.IntervalSeconds * MissedHeartbeats);
                var gone = heartbeat.State == NodeState.Stopped || now - receivedAt > silence;
                nodes.Add(new NodeStatus(heartbeat, receivedAt, gone));
            }

            return nodes.MoveToImmutable();
        }
    }

    /// <summary>Waits until <paramref name="predicate"/> holds for the nodes (checked on every heartbeat and every 200 ms).</summary>
    /// <param name="predicate">The condition.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The nodes when the condition held.</returns>
    public async Task<ImmutableArray<NodeStatus>> WaitForAsync(Func<ImmutableArray<NodeStatus>, bool> predicate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var nodes = Nodes();
            if (predicate(nodes))
            {
                return nodes;
            }

            await Task.WhenAny(changed, Task.Delay(s_recheck, _timeProvider, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Asks the broker for the depths of <paramref name="consumer"/>'s work and dead-letter queues.</summary>
    /// <param name="consumer">The consumer.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The depths; <see cref="QueueStatus.Exists"/> is false when no origin or node declared the queues yet.</returns>
    public async Task<QueueStatus> GetQueueAsync(string consumer, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("Start the monitor first.");

        // A passive declaration of a missing queue closes its channel, so each question gets its own channel.
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var work = await channel.QueueDeclarePassiveAsync(_topology.WorkQueue(consumer), cancellationToken).ConfigureAwait(false);
            var dead = await channel.QueueDeclarePassiveAsync(_topology.DeadLetterQueue(consumer), cancellationToken).ConfigureAwait(false);
            return new QueueStatus(consumer, work.MessageCount, work.ConsumerCount, dead.MessageCount, true);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return new QueueStatus(consumer, 0, 0, 0, false);
        }
        finally
        {
            await BrokerClose.QuietlyAsync(channel).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the full report: nodes, and the queues of every consumer they or <paramref name="consumers"/> name.</summary>
    /// <param name="consumers">Extra consumers to report queues for.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <returns>The report.</returns>
    public async Task<ClusterStatusReport> ReportAsync(IEnumerable<string> consumers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consumers);
        var nodes = Nodes();
        var names = new SortedSet<string>(consumers, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var pool in node.Last.Pools)
            {
                names.Add(pool.Consumer);
            }
        }

        var queues = ImmutableArray.CreateBuilder<QueueStatus>(names.Count);
        foreach (var name in names)
        {
            queues.Add(await GetQueueAsync(name, cancellationToken).ConfigureAwait(false));
        }

        return new ClusterStatusReport(_timeProvider.GetUtcNow(), nodes, queues.MoveToImmutable());
    }

    /// <summary>Stops listening and disconnects.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await BrokerClose.QuietlyAsync(_channel).ConfigureAwait(false);
        if (_connection is { } connection)
        {
            await BrokerClose.QuietlyAsync(connection).ConfigureAwait(false);
            connection.Dispose();
        }
    }

    private Task OnHeartbeatAsync(object sender, BasicDeliverEventArgs delivery)
    {
        NodeHeartbeat? heartbeat;
        try
        {
            heartbeat = JsonSerializer.Deserialize(delivery.Body.Span, StatusJsonContext.Default.NodeHeartbeat);
        }
        catch (JsonException ex)
        {
            RabbitMqLog.MalformedHeartbeat(_logger, ex);
            return Task.CompletedTask;
        }

        if (heartbeat is null || string.IsNullOrEmpty(heartbeat.Node))
        {
            return Task.CompletedTask;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            _nodes[heartbeat.Node] = (heartbeat, _timeProvider.GetUtcNow());
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return Task.CompletedTask;
    }
}

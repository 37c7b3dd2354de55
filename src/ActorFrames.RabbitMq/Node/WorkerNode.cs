using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ActorFrames.RabbitMq.Connections;
using ActorFrames.RabbitMq.Status;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorFrames.RabbitMq.Node;

/// <summary>
/// A worker node: hosts pools for named handlers, each consuming its consumer's work queue, announces itself on the
/// heartbeat exchange, reconnects with backoff when the broker goes away, and drains gracefully when stopped.
/// </summary>
public sealed class WorkerNode
{
    private readonly WorkerNodeOptions _options;
    private readonly RabbitMqOptions _broker;
    private readonly BrokerConnector _connector;
    private readonly Topology _topology;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ImmutableArray<WorkerPool> _pools;
    private readonly string _poolsText;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile NodeState _state = NodeState.Up;
    private int _running;

    /// <summary>Initializes a new instance of the <see cref="WorkerNode"/> class.</summary>
    /// <param name="options">The node's pools and timings.</param>
    /// <param name="broker">The broker settings.</param>
    /// <param name="registry">The handlers this process can run (the same code as the origin's).</param>
    /// <param name="loggerFactory">Loggers, or <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is wrong; the message names its key.</exception>
    public WorkerNode(WorkerNodeOptions options, RabbitMqOptions broker, HandlerRegistry registry, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(registry);
        WorkerNodeOptionsValidator.ThrowIfInvalid(options);
        RabbitMqOptionsValidator.ThrowIfInvalid(broker);
        _options = options;
        _broker = broker.Clone();
        _connector = new BrokerConnector(_broker);
        _topology = new Topology(_broker);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ActorFrames.RabbitMq.WorkerNode");
        Name = options.EffectiveName();
        var pools = ImmutableArray.CreateBuilder<WorkerPool>(options.Pools.Count);
        for (var i = 0; i < options.Pools.Count; i++)
        {
            var pool = options.Pools[i];
            if (!registry.Contains(pool.Handler))
            {
                throw new ArgumentException($"{WorkerNodeOptions.SectionName}:Pools:{i}:Handler '{pool.Handler}' is not registered. Registered: {string.Join(", ", registry.Names.Order(StringComparer.Ordinal))}.", nameof(options));
            }

            pools.Add(new WorkerPool(pool, registry.Get(pool.Handler), _topology, Name, _logger));
        }

        _pools = pools.MoveToImmutable();
        _poolsText = string.Join(", ", _pools.Select(static p => $"{p.Consumer}={p.Handler}x{p.Workers} (prefetch {p.Prefetch})"));
    }

    /// <summary>Gets the node's name in heartbeats and status.</summary>
    public string Name { get; }

    /// <summary>Gets a task that completes when the node first connected and its pools consume.</summary>
    public Task Connected => _connected.Task;

    /// <summary>
    /// Runs the node until <paramref name="cancellationToken"/> is cancelled, then drains: stops consuming, lets the
    /// chunks in progress finish (up to the drain timeout), announces that it stopped and disconnects.
    /// </summary>
    /// <param name="cancellationToken">Stops the node gracefully (SIGTERM in <c>actorframes node</c>).</param>
    /// <returns>A task that completes when the node has stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException($"Worker node '{Name}' is already running.");
        }

        await RunUntilStoppedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets the node's current heartbeat.</summary>
    /// <returns>The heartbeat.</returns>
    internal NodeHeartbeat Snapshot()
    {
        var pools = ImmutableArray.CreateBuilder<PoolHeartbeat>(_pools.Length);
        foreach (var pool in _pools)
        {
            pools.Add(pool.Snapshot());
        }

        return new NodeHeartbeat(Name, Environment.MachineName, Environment.ProcessId, _state, _timeProvider.GetUtcNow(), _options.HeartbeatInterval.TotalSeconds, pools.MoveToImmutable());
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The reconnection loop is the node's escalation point: it logs the broker failure once and reconnects.")]
    private async Task RunUntilStoppedAsync(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(_broker.ReconnectMinDelay, _broker.ReconnectMaxDelay);
        while (true)
        {
            Exception failure;
            try
            {
                if (await RunSessionAsync(backoff, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                failure = new IOException("The broker connection closed.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                RabbitMqLog.NodeStopped(_logger, Name);
                return;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            var delay = backoff.Next();
            RabbitMqLog.NodeDisconnected(_logger, failure, Name, delay);
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                RabbitMqLog.NodeStopped(_logger, Name);
                return;
            }
        }
    }

    /// <returns><see langword="true"/> when the node stopped on request; <see langword="false"/> when the connection was lost.</returns>
    private async Task<bool> RunSessionAsync(ReconnectBackoff backoff, CancellationToken stop)
    {
        var connection = await _connector.ConnectAsync($"node {Name}", stop).ConfigureAwait(false);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AsyncEventHandler<ShutdownEventArgs> onShutdown = (_, _) =>
        {
            lost.TrySetResult();
            return Task.CompletedTask;
        };
        Action onLost = () => lost.TrySetResult();
        connection.ConnectionShutdownAsync += onShutdown;
        try
        {
            var heartbeats = await connection.CreateChannelAsync(cancellationToken: stop).ConfigureAwait(false);
            await _topology.DeclareHeartbeatExchangeAsync(heartbeats, stop).ConfigureAwait(false);
            foreach (var pool in _pools)
            {
                await pool.StartAsync(connection, onLost, stop).ConfigureAwait(false);
            }

            backoff.Reset();
            _state = NodeState.Up;
            RabbitMqLog.NodeConnected(_logger, Name, _poolsText);
            try
            {
                await PublishHeartbeatAsync(heartbeats, stop).ConfigureAwait(false);
                _connected.TrySetResult();
                using var timer = new PeriodicTimer(_options.HeartbeatInterval, _timeProvider);
                while (true)
                {
                    // A lost connection or pool session ends the wait at once, not at the next beat.
                    var tick = timer.WaitForNextTickAsync(stop).AsTask();
                    await Task.WhenAny(tick, lost.Task).ConfigureAwait(false);
                    if (lost.Task.IsCompleted || !await tick.ConfigureAwait(false))
                    {
                        break;
                    }

                    await PublishHeartbeatAsync(heartbeats, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped while waiting for the next beat or sending one: the pools consume, so drain them either way.
                await DrainAsync(heartbeats).ConfigureAwait(false);
                return true;
            }

            return false;
        }
        finally
        {
            connection.ConnectionShutdownAsync -= onShutdown;
            foreach (var pool in _pools)
            {
                pool.Abort();
                await pool.CloseAsync().ConfigureAwait(false);
            }

            await BrokerClose.QuietlyAsync(connection).ConfigureAwait(false);
            connection.Dispose();
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Draining is best effort once the broker is gone: chunks not acknowledged are redelivered elsewhere.")]
    private async Task DrainAsync(IChannel heartbeats)
    {
        _state = NodeState.Draining;
        var inFlight = 0;
        foreach (var pool in _pools)
        {
            inFlight += pool.InFlight;
        }

        RabbitMqLog.NodeDraining(_logger, Name, inFlight);
        using var drain = new CancellationTokenSource(_options.DrainTimeout, _timeProvider);
        try
        {
            await PublishHeartbeatAsync(heartbeats, drain.Token).ConfigureAwait(false);
            foreach (var pool in _pools)
            {
                await pool.StopConsumingAsync(drain.Token).ConfigureAwait(false);
            }

            foreach (var pool in _pools)
            {
                await pool.WaitIdleAsync(drain.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            inFlight = 0;
            foreach (var pool in _pools)
            {
                inFlight += pool.InFlight;
            }

            RabbitMqLog.DrainTimedOut(_logger, Name, _options.DrainTimeout, inFlight);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RabbitMqLog.NodeDisconnected(_logger, ex, Name, TimeSpan.Zero);
        }

        _state = NodeState.Stopped;
        try
        {
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(2), _timeProvider);
            await PublishHeartbeatAsync(heartbeats, last.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Status notices the silence instead, after three missed heartbeats.
        }

        RabbitMqLog.NodeStopped(_logger, Name);
    }

    private async Task PublishHeartbeatAsync(IChannel channel, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Snapshot(), StatusJsonContext.Default.NodeHeartbeat);
        var properties = new BasicProperties { ContentType = "application/json", Expiration = ((int)Math.Max(1000, _options.HeartbeatInterval.TotalMilliseconds * 3)).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await channel.BasicPublishAsync(_topology.HeartbeatExchange, string.Empty, false, properties, body, cancellationToken).ConfigureAwait(false);
    }

}

using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Node;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// What the cluster benchmarks set up against one broker: the cluster path (an origin dispatcher and in-process worker
/// nodes, each a pool whose workers consume at prefetch 64) and the raw path (a plain RabbitMQ.Client
/// publisher with confirms and acknowledging consumers that do nothing with the body, on the publisher's connection or
/// on one of their own). Both use quorum queues, a publish window of 128 and a prefetch of 64 per consumer.
/// </summary>
internal sealed class ClusterRig : IAsyncDisposable
{
    public const int Window = 128;
    public const ushort Prefetch = 64;

    /// <summary>The workers of each node's pool when not given; each worker consumes at prefetch 64, as each raw consumer does.</summary>
    public const int WorkersPerNode = 1;
    private static int s_rigs;
    private readonly BenchmarkBroker _broker = BenchmarkBroker.Start();
    private readonly string _prefix = $"bench{Environment.ProcessId}x{Interlocked.Increment(ref s_rigs)}";
    private readonly CancellationTokenSource _stopNodes = new();
    private readonly List<Task> _nodes = [];
    private IChunkDispatcher<byte>? _origin;
    private IConnection? _raw;
    private IConnection? _rawConsumers;
    private IChannel? _rawPublisher;
    private int _rawRemaining;
    private TaskCompletionSource _rawDone = new();
    private long _sequence;

    public CountingSink Sink { get; } = new();

    public IChunkDispatcher<byte> Origin => _origin ?? throw new InvalidOperationException("Start the cluster path first.");

    public string RawQueue => $"{_prefix}.raw";

    /// <summary>
    /// The handler that measures the cluster mode itself: it returns the chunk's length and reads nothing, as the raw
    /// consumers do nothing with the body.
    /// </summary>
    public const string LengthHandler = "bench-length";

    /// <summary>Starts <paramref name="nodes"/> worker nodes running <paramref name="handler"/>, and the origin.</summary>
    public async Task StartClusterAsync(int nodes, string handler = LengthHandler, int workersPerNode = WorkersPerNode)
    {
        var options = new RabbitMqOptions { Endpoints = _broker.Endpoint, QueuePrefix = _prefix, PublishWindow = Window };
        var registry = BuiltInHandlers.Register(new HandlerRegistry())
            .Add(LengthHandler, static () => new ChunkLengthHandler(), ResultCodecs.Int64);
        for (var i = 0; i < nodes; i++)
        {
            var nodeOptions = new WorkerNodeOptions { Name = $"bench-{i}" };
            nodeOptions.Pools.Add(new WorkerPoolOptions { Consumer = "bench", Handler = handler, Workers = workersPerNode, Prefetch = Prefetch * workersPerNode });
            var node = new WorkerNode(nodeOptions, options, registry);
            _nodes.Add(node.RunAsync(_stopNodes.Token));
            await node.Connected.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        var context = new DispatcherContext<long>("bench", handler, registry, Sink, 4096, TimeProvider.System, NullLoggerFactory.Instance);
        _origin = WorkerMode.Cluster(options).CreateDispatcher<byte, long>(context);
    }

    /// <summary>Starts the raw loop: a publisher with confirms and <paramref name="consumers"/> acknowledging consumers.</summary>
    /// <param name="consumers">The consumers, each on a channel of its own at prefetch 64.</param>
    /// <param name="consumerConnection">
    /// Whether the consumers use a connection of their own, as a consuming process on another machine would; otherwise
    /// they share the publisher's.
    /// </param>
    public async Task StartRawAsync(int consumers, bool consumerConnection = false)
    {
        var factory = new ConnectionFactory { Uri = new Uri($"amqp://guest:guest@{_broker.Endpoint}/") };
        _raw = await factory.CreateConnectionAsync().ConfigureAwait(false);
        _rawPublisher = await _raw.CreateChannelAsync(new CreateChannelOptions(true, true, outstandingPublisherConfirmationsRateLimiter: null)).ConfigureAwait(false);
        await _rawPublisher.QueueDeclareAsync(RawQueue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }).ConfigureAwait(false);
        _rawConsumers = consumerConnection ? await factory.CreateConnectionAsync().ConfigureAwait(false) : null;
        for (var i = 0; i < consumers; i++)
        {
            var channel = await (_rawConsumers ?? _raw).CreateChannelAsync().ConfigureAwait(false);
            await channel.BasicQosAsync(0, Prefetch, false).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += OnRawAsync;
            await channel.BasicConsumeAsync(RawQueue, autoAck: false, consumer).ConfigureAwait(false);
        }
    }

    /// <summary>Dispatches <paramref name="count"/> chunks of <paramref name="data"/> and waits for all their results.</summary>
    public async Task ClusterRoundAsync(byte[] data, int count)
    {
        var done = Sink.Expect(count);
        for (var i = 0; i < count; i++)
        {
            var info = new ChunkInfo(new SourceId("bench"), "bench", Interlocked.Increment(ref _sequence), DateTimeOffset.UnixEpoch, 1, 48000);
            // As a pipeline hands a consumer its chunks: a lease on memory the producer already filled (the rechunker's
            // shared segments), not a fresh copy; the raw loop publishes the same array without copying it either.
            await Origin.DispatchAsync(Chunk<byte>.Lease(data, 0, data.Length, SharedData.Instance, info), CancellationToken.None).ConfigureAwait(false);
        }

        await done.ConfigureAwait(false);
    }

    /// <summary>Publishes <paramref name="count"/> messages with confirms (window of 128) and waits until consumers acked all.</summary>
    public async Task RawRoundAsync(byte[] data, int count)
    {
        _rawDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _rawRemaining, count);
        using var window = new SemaphoreSlim(Window, Window);
        var publishes = new Task[count];
        var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };
        for (var i = 0; i < count; i++)
        {
            await window.WaitAsync().ConfigureAwait(false);
            publishes[i] = PublishAsync(_rawPublisher!, RawQueue, properties, data, window);
        }

        await Task.WhenAll(publishes).ConfigureAwait(false);
        await _rawDone.Task.ConfigureAwait(false);

        static async Task PublishAsync(IChannel channel, string queue, BasicProperties properties, byte[] body, SemaphoreSlim window)
        {
            try
            {
                await channel.BasicPublishAsync(string.Empty, queue, false, properties, body).ConfigureAwait(false);
            }
            finally
            {
                window.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_origin is not null)
        {
            await _origin.DisposeAsync().ConfigureAwait(false);
        }

        await _stopNodes.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_nodes).ConfigureAwait(false);
        foreach (var connection in new[] { _rawConsumers, _raw })
        {
            if (connection is not null)
            {
                await connection.CloseAsync().ConfigureAwait(false);
                connection.Dispose();
            }
        }

        _stopNodes.Dispose();
        _broker.Dispose();
    }

    private async Task OnRawAsync(object sender, BasicDeliverEventArgs delivery)
    {
        await ((AsyncEventingBasicConsumer)sender).Channel.BasicAckAsync(delivery.DeliveryTag, false).ConfigureAwait(false);
        if (Interlocked.Decrement(ref _rawRemaining) == 0)
        {
            _rawDone.TrySetResult();
        }
    }
}

/// <summary>The lease of the benchmark's data, which stays valid for the whole run.</summary>
internal sealed class SharedData : IChunkLease
{
    public static readonly SharedData Instance = new();

    public void Release()
    {
    }
}

/// <summary>Returns the chunk's length: the least work a handler can do.</summary>
internal sealed class ChunkLengthHandler : IChunkHandler<byte, long>
{
    public ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken) => ValueTask.FromResult((long)chunk.Length);
}

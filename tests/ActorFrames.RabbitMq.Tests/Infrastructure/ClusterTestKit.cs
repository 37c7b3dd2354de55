using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Node;
using ActorFrames.RabbitMq.Origin;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorFrames.Tests.Infrastructure;

/// <summary>Builds origins and chunks for the cluster tests.</summary>
internal static class ClusterTestKit
{
    public static HandlerRegistry Registry() => BuiltInHandlers.Register(new HandlerRegistry());

    /// <summary>The options of an in-process worker node with one pool of <paramref name="workers"/> running <paramref name="handler"/>.</summary>
    public static WorkerNodeOptions NodeOptions(string consumer, string handler, int workers)
    {
        var options = new WorkerNodeOptions { Name = $"inproc-{consumer}", HeartbeatInterval = TimeSpan.FromMilliseconds(500), DrainTimeout = TimeSpan.FromSeconds(10) };
        options.Pools.Add(new WorkerPoolOptions { Consumer = consumer, Handler = handler, Workers = workers });
        return options;
    }

    /// <summary>Starts an in-process worker node with one pool (<see cref="NodeOptions"/>) on <paramref name="options"/>.</summary>
    public static RunningNode StartNode(RabbitMqOptions options, string consumer, string handler, int workers)
        => new(new WorkerNode(NodeOptions(consumer, handler, workers), options, Registry()));

    /// <summary>Creates the cluster dispatcher of a consumer, as a pipeline would through its worker mode.</summary>
    public static ClusterDispatcher<byte, long> CreateOrigin(RabbitMqOptions options, string consumer, string handler, IResultSink<long> sink, int maxInFlight = 256, HandlerRegistry? registry = null, ILoggerFactory? loggerFactory = null)
    {
        var mode = WorkerMode.Cluster(options);
        var context = new DispatcherContext<long>(consumer, handler, registry ?? Registry(), sink, maxInFlight, TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance);
        return (ClusterDispatcher<byte, long>)mode.CreateDispatcher<byte, long>(context);
    }

    /// <summary>
    /// Creates a chunk of <paramref name="size"/> pseudo-random bytes (seeded by the sequence). A dispatcher owns the chunk
    /// from DispatchAsync on (the cluster origin publishes its memory without a copy): do not dispose it after that.
    /// </summary>
    public static Chunk<byte> MakeChunk(string stream, string consumer, long sequence, int size, out long checksum, bool poison = false)
    {
        var data = new byte[size];
        new Random(unchecked((int)(sequence * 7919) ^ stream.GetHashCode(StringComparison.Ordinal))).NextBytes(data);
        if (poison)
        {
            BuiltInHandlers.PoisonMarker.CopyTo(data);
        }
        else if (data.AsSpan().StartsWith(BuiltInHandlers.PoisonMarker))
        {
            data[0] ^= 0xFF;
        }

        checksum = ChunkChecksum.Compute(data);
        var info = new ChunkInfo(new SourceId(stream), consumer, sequence, DateTimeOffset.UnixEpoch.AddSeconds(sequence), 1, 48000, false);
        return Chunk<byte>.Copy(data, info);
    }

    /// <summary>
    /// Runs an in-process worker node (a pool of <paramref name="workers"/> checksum workers) and an origin on
    /// <paramref name="options"/>, dispatches <paramref name="chunks"/> chunks, and checks that each came back once
    /// with its checksum and that the origin drained.
    /// </summary>
    public static async Task RoundTripAsync(RabbitMqOptions options, string consumer, string stream, int chunks, int size, int workers)
    {
        var timeout = TimeSpan.FromSeconds(30);
        var sink = new RecordingSink<long>();
        await using var node = StartNode(options, consumer, BuiltInHandlers.Checksum, workers);
        var expected = new Dictionary<long, long>();
        await using (var origin = CreateOrigin(options, consumer, BuiltInHandlers.Checksum, sink))
        {
            for (var i = 0; i < chunks; i++)
            {
                var chunk = MakeChunk(stream, consumer, i, size, out var checksum);
                expected[i] = checksum;
                await origin.DispatchAsync(chunk, CancellationToken.None);
            }

            await sink.WaitForAsync(chunks, timeout, "one per chunk");
            await origin.DrainAsync(CancellationToken.None).WaitAsync(timeout);
            Assert.Equal(0, origin.InFlight);
            Assert.True(origin.IsConnected);
        }

        await node.StopAsync(timeout);
        Assert.Empty(sink.Failures);
        Assert.Equal(chunks, sink.Results.Count);
        Assert.Equal(0, sink.Duplicates);
        foreach (var (sequence, checksum) in expected)
        {
            Assert.Equal(checksum, sink.Results[(stream, sequence)]);
        }
    }
}

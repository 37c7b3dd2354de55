using System.Collections.Concurrent;
using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Connections;
using ActorFrames.RabbitMq.Node;
using ActorFrames.Tests.Infrastructure;
using ActorFrames.Workers;
using Microsoft.Extensions.Options;

namespace ActorFrames.Tests.Node;

[Collection(RabbitMqCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Requires", "RabbitMq")]
public sealed class WorkerPoolTests(RabbitMqBroker broker)
{
    private const string Flaky = "flaky-checksum";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Pool_WithTransientFailuresAmongSuccesses_ReportsEveryChunkOnceAndLeavesNothingUnacknowledged()
    {
        // Every fourth chunk fails on its first delivery and is requeued (a single nack) while the chunks around it are
        // acknowledged in batches (multiple acks of the last tag): no acknowledgement may settle a chunk not yet handled.
        const int Chunks = 300;
        var options = broker.CreateOptions();
        var firstSeen = new ConcurrentDictionary<long, bool>();
        var registry = ClusterTestKit.Registry().Add(Flaky, () => new FlakyChecksumHandler(firstSeen), ResultCodecs.Int64);
        var sink = new RecordingSink<long>();
        var nodeOptions = new WorkerNodeOptions { Name = "flaky", HeartbeatInterval = TimeSpan.FromMilliseconds(200) };
        nodeOptions.Pools.Add(new WorkerPoolOptions { Consumer = "flaky", Handler = Flaky, Workers = 3, Prefetch = 16 });
        await using var node = new RunningNode(new WorkerNode(nodeOptions, options, registry));
        var expected = new Dictionary<long, long>();
        await using (var origin = ClusterTestKit.CreateOrigin(options, "flaky", Flaky, sink, registry: registry))
        {
            for (var i = 0; i < Chunks; i++)
            {
                var chunk = ClusterTestKit.MakeChunk("s1", "flaky", i, 2048, out var checksum);
                expected[i] = checksum;
                await origin.DispatchAsync(chunk, CancellationToken.None);
            }

            await sink.WaitForAsync(Chunks, s_timeout, "one per chunk");
            await origin.DrainAsync(CancellationToken.None).WaitAsync(s_timeout);
        }

        // A graceful stop drains: it returns once every chunk the pool holds is settled.
        await node.StopAsync(s_timeout);

        Assert.Empty(sink.Failures);
        Assert.Equal(0, sink.Duplicates);
        Assert.Equal(expected.Count, sink.Results.Count);
        foreach (var (sequence, checksum) in expected)
        {
            Assert.Equal(checksum, sink.Results[("s1", sequence)]);
        }

        var pool = Assert.Single(node.Node.Snapshot().Pools);
        Assert.Equal((Chunks, Chunks / 4, Chunks / 4, 0), (pool.Processed, pool.Failed, pool.Redelivered, pool.InFlight));

        // Nothing is left on the queue: a chunk acknowledged by mistake would be missing above, one never
        // acknowledged would be back here now that the node's channels are closed.
        await using var connection = await new BrokerConnector(options).ConnectAsync("test", CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclarePassiveAsync(new Topology(options).WorkQueue("flaky"));
        Assert.Equal(0u, queue.MessageCount);
    }

    [Theory]
    [InlineData(10, 3, new[] { 4, 3, 3 })]
    [InlineData(64, 1, new[] { 64 })]
    [InlineData(2, 2, new[] { 1, 1 })]
    [InlineData(100, 8, new[] { 13, 13, 13, 13, 12, 12, 12, 12 })]
    public void PrefetchShare_SplitsThePoolsPrefetchEvenly(int prefetch, int workers, int[] shares)
    {
        var actual = Enumerable.Range(0, workers).Select(i => (int)WorkerPool.PrefetchShare(prefetch, workers, i)).ToArray();
        Assert.Equal(shares, actual);
        Assert.Equal(prefetch, actual.Sum());
    }

    [Fact]
    public void EffectivePrefetch_WhenNotSet_IsEightPerWorker()
    {
        Assert.Equal(24, new WorkerPoolOptions { Workers = 3 }.EffectivePrefetch());
        Assert.Equal(5, new WorkerPoolOptions { Workers = 3, Prefetch = 5 }.EffectivePrefetch());
    }

    [Theory]
    [InlineData(4, 3, "Node:Pools:0:Prefetch 3 must be between Node:Pools:0:Workers (4) and 65535")]
    [InlineData(4, 70000, "Node:Pools:0:Prefetch 70000 must be between Node:Pools:0:Workers (4) and 65535")]
    [InlineData(2000, null, "Node:Pools:0:Workers 2000 must be between 1 and 1024")]
    public void Validator_WithABadPrefetchOrPoolSize_NamesTheKey(int workers, int? prefetch, string message)
    {
        var options = new WorkerNodeOptions();
        options.Pools.Add(new WorkerPoolOptions { Consumer = "c", Handler = "checksum", Workers = workers, Prefetch = prefetch });
        var error = Assert.Throws<OptionsValidationException>(() => WorkerNodeOptionsValidator.ThrowIfInvalid(options));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Returns the checksum, but throws the first time it sees every fourth chunk.</summary>
    private sealed class FlakyChecksumHandler(ConcurrentDictionary<long, bool> firstSeen) : IChunkHandler<byte, long>
    {
        public ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
        {
            if (chunk.Info.Sequence % 4 == 1 && firstSeen.TryAdd(chunk.Info.Sequence, true))
            {
                throw new InvalidOperationException($"Chunk {chunk.Info.Sequence} fails once.");
            }

            return ValueTask.FromResult(ChunkChecksum.Compute(chunk.Span));
        }
    }
}

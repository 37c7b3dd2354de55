using ActorFrames.Handlers;
using ActorFrames.RabbitMq.Node;
using ActorFrames.Tests.Infrastructure;

namespace ActorFrames.Tests.Origin;

[Collection(RabbitMqCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Requires", "RabbitMq")]
public sealed class ClusterDispatcherTests(RabbitMqBroker broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DispatchAsync_WithOneNode_ReportsEveryChunkOnceWithItsChecksum()
    {
        var options = broker.CreateOptions();
        var sink = new RecordingSink<long>();
        var nodeOptions = new WorkerNodeOptions { Name = "inproc", HeartbeatInterval = TimeSpan.FromMilliseconds(200) };
        nodeOptions.Pools.Add(new WorkerPoolOptions { Consumer = "level", Handler = BuiltInHandlers.Checksum, Workers = 2 });
        var node = new WorkerNode(nodeOptions, options, ClusterTestKit.Registry());
        using var stop = new CancellationTokenSource();
        var running = node.RunAsync(stop.Token);
        var expected = new Dictionary<long, long>();
        await using (var origin = ClusterTestKit.CreateOrigin(options, "level", BuiltInHandlers.Checksum, sink))
        {
            for (var i = 0; i < 200; i++)
            {
                using var chunk = ClusterTestKit.MakeChunk("s1", "level", i, 4096, out var checksum);
                expected[i] = checksum;
                await origin.DispatchAsync(chunk, CancellationToken.None);
            }

            await sink.WaitForAsync(200, s_timeout, "one per chunk");
            await origin.DrainAsync(CancellationToken.None).WaitAsync(s_timeout);
            Assert.Equal(0, origin.InFlight);
        }

        await stop.CancelAsync();
        await running.WaitAsync(s_timeout);
        Assert.Empty(sink.Failures);
        Assert.Equal(200, sink.Results.Count);
        Assert.Equal(0, sink.Duplicates);
        foreach (var (sequence, checksum) in expected)
        {
            Assert.Equal(checksum, sink.Results[("s1", sequence)]);
        }
    }
}

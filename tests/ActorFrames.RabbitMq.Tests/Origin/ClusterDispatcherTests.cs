using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Connections;
using ActorFrames.Tests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorFrames.Tests.Origin;

[Collection(RabbitMqCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Requires", "RabbitMq")]
public sealed class ClusterDispatcherTests(RabbitMqBroker broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task DispatchAsync_WithOneNode_ReportsEveryChunkOnceWithItsChecksum()
        => ClusterTestKit.RoundTripAsync(broker.CreateOptions(), "level", "s1", chunks: 200, size: 4096, workers: 2);

    [Fact]
    public async Task DispatchAsync_LeasedSlicesOfOneSegment_ArePublishedAsTheyAreAndEachLeaseIsReleasedOnceConfirmed()
    {
        const int Chunks = 100;
        var options = broker.CreateOptions();
        await using var node = ClusterTestKit.StartNode(options, "slices", BuiltInHandlers.Checksum, 2);
        var sink = new RecordingSink<long>();

        // As a rechunker hands out overlapping chunks: leased slices of one shared segment, half of each the next's.
        var segment = new byte[(Chunks + 1) * 500];
        new Random(11).NextBytes(segment);
        var lease = new CountingLease(expected: Chunks);
        await using (var origin = ClusterTestKit.CreateOrigin(options, "slices", BuiltInHandlers.Checksum, sink))
        {
            for (var i = 0; i < Chunks; i++)
            {
                var info = new ChunkInfo(new SourceId("seg"), "slices", i, DateTimeOffset.UnixEpoch, 1, 48000);
                await origin.DispatchAsync(Chunk<byte>.Lease(segment, i * 500, 1000, lease, info), CancellationToken.None);
            }

            await sink.WaitForAsync(Chunks, s_timeout, "one per slice");
            await lease.Reached.WaitAsync(s_timeout);
            await origin.DrainAsync(CancellationToken.None).WaitAsync(s_timeout);
        }

        await node.StopAsync(s_timeout);
        Assert.Empty(sink.Failures);
        for (var i = 0; i < Chunks; i++)
        {
            Assert.Equal(ChunkChecksum.Compute(segment.AsSpan(i * 500, 1000)), sink.Results[("seg", i)]);
        }

        Assert.Equal(Chunks, lease.Releases);
    }

    [Fact]
    public async Task DispatchAsync_TwoOriginsOfOneConsumer_EachGetsExactlyItsOwnResults()
    {
        const int Chunks = 150;
        var options = broker.CreateOptions();
        await using var node = ClusterTestKit.StartNode(options, "shared", BuiltInHandlers.Checksum, 2);
        var sinks = new[] { new RecordingSink<long>(), new RecordingSink<long>() };
        var streams = new[] { "a", "b" };
        var expected = new long[2, Chunks];
        await using (var first = ClusterTestKit.CreateOrigin(options, "shared", BuiltInHandlers.Checksum, sinks[0]))
        await using (var second = ClusterTestKit.CreateOrigin(options, "shared", BuiltInHandlers.Checksum, sinks[1]))
        {
            // Both origins number their chunks from 1 and take turns, so that the node's reply batches can hold replies
            // for both (whether a given batch does depends on timing): a reply sent to the wrong origin would settle
            // that origin's chunk of the same id with the other stream's checksum.
            var origins = new[] { first, second };
            for (var i = 0; i < Chunks; i++)
            {
                for (var o = 0; o < 2; o++)
                {
                    await origins[o].DispatchAsync(ClusterTestKit.MakeChunk(streams[o], "shared", i, 2048, out expected[o, i]), CancellationToken.None);
                }
            }

            for (var o = 0; o < 2; o++)
            {
                await sinks[o].WaitForAsync(Chunks, s_timeout, $"origin {o}'s results");
                await origins[o].DrainAsync(CancellationToken.None).WaitAsync(s_timeout);
            }
        }

        await node.StopAsync(s_timeout);
        for (var o = 0; o < 2; o++)
        {
            Assert.Empty(sinks[o].Failures);
            Assert.Equal(0, sinks[o].Duplicates);
            Assert.Equal(Chunks, sinks[o].Results.Count);
            for (var i = 0; i < Chunks; i++)
            {
                Assert.Equal(expected[o, i], sinks[o].Results[(streams[o], i)]);
            }
        }
    }

    [Fact]
    public async Task DispatchAsync_ChunkOverMaxMessageBytes_IsReportedAsFailedNamingTheOptionAndTheRestFlow()
    {
        var options = broker.CreateOptions();
        options.MaxMessageBytes = 4096;
        await using var node = ClusterTestKit.StartNode(options, "bounded", BuiltInHandlers.Checksum, 1);
        var sink = new RecordingSink<long>();
        await using (var origin = ClusterTestKit.CreateOrigin(options, "bounded", BuiltInHandlers.Checksum, sink))
        {
            var expected = new long[3];
            for (var i = 0; i < 3; i++)
            {
                // 4096 bytes is the limit itself and passes; 4100 is over it.
                var chunk = ClusterTestKit.MakeChunk("b", "bounded", i, i == 1 ? 4100 : 4096, out expected[i]);
                await origin.DispatchAsync(chunk, CancellationToken.None);
            }

            await sink.WaitForAsync(3, s_timeout, "two results and one refusal");
            var refusal = Assert.IsType<ChunkDroppedException>(Assert.Single(sink.Failures).Value);
            Assert.Contains("4100 bytes exceed RabbitMq:MaxMessageBytes (4096)", refusal.Message, StringComparison.Ordinal);
            Assert.Equal(expected[0], sink.Results[("b", 0)]);
            Assert.Equal(expected[2], sink.Results[("b", 2)]);
            await origin.DrainAsync(CancellationToken.None).WaitAsync(s_timeout);
            Assert.Equal(0, origin.InFlight);
        }

        await node.StopAsync(s_timeout);
    }

    [Fact]
    public async Task DispatchAsync_ChunkTheBrokerDeadLetters_IsReportedAsFailedAndKeptInTheDeadLetterQueue()
    {
        // A worker that dies on the chunk every time is played by a consumer that returns it, until the broker's
        // delivery limit dead-letters it: the origin must report it instead of waiting for it forever.
        var options = broker.CreateOptions();
        options.DeliveryLimit = 2;
        var topology = new Topology(options);
        var sink = new RecordingSink<long>();
        await using var connection = await new BrokerConnector(options).ConnectAsync("rogue", CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        await topology.DeclareConsumerAsync(channel, "doomed", CancellationToken.None);
        var returned = 0;
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Interlocked.Increment(ref returned);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
        };
        await channel.BasicConsumeAsync(topology.WorkQueue("doomed"), autoAck: false, consumer);

        await using (var origin = ClusterTestKit.CreateOrigin(options, "doomed", BuiltInHandlers.Checksum, sink))
        {
            var chunk = ClusterTestKit.MakeChunk("s1", "doomed", 7, 1024, out _);
            await origin.DispatchAsync(chunk, CancellationToken.None);

            await sink.WaitForAsync(1, s_timeout, "the dead-lettered chunk's failure");
            await origin.DrainAsync(CancellationToken.None).WaitAsync(s_timeout);
            Assert.Equal(0, origin.InFlight);
        }

        var failure = Assert.IsType<RemoteHandlerException>(Assert.Single(sink.Failures).Value);
        Assert.Equal(("s1", 7L), Assert.Single(sink.Failures).Key);
        Assert.Contains("dead-lettered by the broker (delivery_limit)", failure.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Results);
        Assert.True(returned > options.DeliveryLimit, $"The chunk was delivered {returned} times.");
        var deadLetters = await channel.QueueDeclarePassiveAsync(topology.DeadLetterQueue("doomed"));
        Assert.Equal(1u, deadLetters.MessageCount);
    }
}

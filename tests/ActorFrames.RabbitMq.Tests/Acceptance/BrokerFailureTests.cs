using ActorFrames.Handlers;
using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Status;
using ActorFrames.RabbitMq.Wire;
using ActorFrames.Tests.Infrastructure;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace ActorFrames.Tests.Acceptance;

[Collection(RabbitMqCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Requires", "RabbitMq")]
public sealed class BrokerFailureTests(RabbitMqBroker broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Broker_StoppedAndRestartedMidStream_NothingIsLostOrDuplicatedAtTheOrigin()
    {
        const string Consumer = "restart";
        var options = broker.CreateOptions();
        await using var node = ClusterTestKit.StartNode(options, Consumer, BuiltInHandlers.Checksum, 2);
        var sink = new RecordingSink<long>();
        var expected = new long[400];
        await using var origin = ClusterTestKit.CreateOrigin(options, Consumer, BuiltInHandlers.Checksum, sink, maxInFlight: 1024);
        for (var i = 0; i < 200; i++)
        {
            var chunk = ClusterTestKit.MakeChunk("s", Consumer, i, 16384, out expected[i]);
            await origin.DispatchAsync(chunk, CancellationToken.None);
        }

        await sink.WaitForAsync(100, TimeSpan.FromSeconds(30), "100 results before the broker stops");
        await broker.StopServerAsync();
        Assert.False(origin.IsConnected);
        for (var i = 200; i < 400; i++)
        {
            var chunk = ClusterTestKit.MakeChunk("s", Consumer, i, 16384, out expected[i]);
            await origin.DispatchAsync(chunk, CancellationToken.None);
        }

        Assert.True(origin.Spooled >= 200, $"Expected the 200 chunks dispatched while the broker was down to wait in the spool, found {origin.Spooled}.");
        await broker.StartServerAsync();
        await sink.WaitForAsync(400, TimeSpan.FromSeconds(60), "one outcome per chunk after the restart");
        await origin.DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(sink.Failures);
        Assert.Equal(0, sink.Duplicates);
        Assert.Equal(400, sink.Results.Count);
        for (var i = 0; i < 400; i++)
        {
            Assert.Equal(expected[i], sink.Results[("s", i)]);
        }

        output.WriteLine($"sessions: {origin.Sessions}; duplicate replies dropped by the origin: {origin.Duplicates}");
        Assert.True(origin.Sessions >= 2, $"Expected the origin to reconnect, saw {origin.Sessions} sessions.");
        await node.StopAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Handler_ThrowingOnOneChunk_DeadLettersItAfterTheDeliveryLimitAndTheRestFlow()
    {
        const string Consumer = "poisoned";
        const int Poisoned = 17;
        var options = broker.CreateOptions();
        options.DeliveryLimit = 4;
        await using var node = ClusterTestKit.StartNode(options, Consumer, BuiltInHandlers.Poison, 2);
        var sink = new RecordingSink<long>();
        await using var origin = ClusterTestKit.CreateOrigin(options, Consumer, BuiltInHandlers.Poison, sink);
        var expected = new long[50];
        for (var i = 0; i < 50; i++)
        {
            var chunk = ClusterTestKit.MakeChunk("p", Consumer, i, 2048, out expected[i], poison: i == Poisoned);
            await origin.DispatchAsync(chunk, CancellationToken.None);
        }

        await sink.WaitForAsync(50, TimeSpan.FromSeconds(30), "49 results and one failure");

        Assert.Equal(49, sink.Results.Count);
        var failure = Assert.IsType<RemoteHandlerException>(Assert.Single(sink.Failures, static f => f.Key == ("p", Poisoned)).Value);
        Assert.Equal(4, failure.Attempts);
        Assert.Equal(typeof(InvalidDataException).FullName, failure.RemoteType);
        Assert.Contains("poison marker", failure.Message, StringComparison.Ordinal);
        for (var i = 0; i < 50; i++)
        {
            if (i != Poisoned)
            {
                Assert.Equal(expected[i], sink.Results[("p", i)]);
            }
        }

        await using var monitor = new ClusterMonitor(options);
        await monitor.StartAsync(CancellationToken.None);
        var queue = await monitor.GetQueueAsync(Consumer, CancellationToken.None);
        Assert.Equal(1, queue.DeadLetters);
        Assert.Equal(0, queue.Ready);

        var deadLetter = await GetDeadLetterAsync(options, Consumer);
        var headers = deadLetter.BasicProperties.Headers!;
        Assert.Equal(Poisoned, ChunkWireFormat.GetInt64(headers, WireHeaders.Sequence));
        Assert.Equal(4, Assert.IsType<int>(headers[WireHeaders.Attempt]));
        Assert.Contains("poison marker", System.Text.Encoding.UTF8.GetString((byte[])headers[WireHeaders.Error]!), StringComparison.Ordinal);
        Assert.True(deadLetter.Body.Span.StartsWith(BuiltInHandlers.PoisonMarker));

        await node.StopAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The event id of RabbitMqLog.OriginConnected, logged at the start of every broker session of an origin.</summary>
    private const int OriginConnectedEvent = 5101;

    [Fact]
    public async Task Origin_WhosePublishingChannelTheBrokerCloses_ReconnectsAndDeliversTheChunkOnce()
    {
        const string Consumer = "oversize";
        const int DefaultMaxMessageSize = 134217728;
        var options = broker.CreateOptions();
        await using var node = ClusterTestKit.StartNode(options, Consumer, BuiltInHandlers.Checksum, 1);
        await node.Node.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        var sink = new RecordingSink<long>();
        try
        {
            // Channels opened from now on refuse messages over 4 KiB: the broker closes the origin's publishing channel
            // at its first 16 KiB chunk and keeps the connection open.
            await SetMaxMessageSizeAsync(4096);
            var logs = new EventSignalLoggerFactory();
            await using var origin = ClusterTestKit.CreateOrigin(options, Consumer, BuiltInHandlers.Checksum, sink, loggerFactory: logs);
            var chunk = ClusterTestKit.MakeChunk("m", Consumer, 0, 16384, out var expected);
            await origin.DispatchAsync(chunk, CancellationToken.None);
            var reconnected = logs.WhenLoggedAsync(OriginConnectedEvent, times: 2);
            Assert.True(
                await Task.WhenAny(reconnected, Task.Delay(TimeSpan.FromSeconds(30))) == reconnected,
                $"The origin did not reconnect after the broker closed its channel ({origin.Sessions} session).");

            await SetMaxMessageSizeAsync(DefaultMaxMessageSize);
            await sink.WaitForAsync(1, TimeSpan.FromSeconds(30), "the refused chunk's result once the limit is lifted");
            await origin.DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(expected, sink.Results[("m", 0)]);

            Assert.Empty(sink.Failures);
            Assert.Equal(0, sink.Duplicates);
        }
        finally
        {
            await SetMaxMessageSizeAsync(DefaultMaxMessageSize);
        }

        await node.StopAsync(TimeSpan.FromSeconds(30));
    }

    private async Task SetMaxMessageSizeAsync(int bytes)
    {
        var (code, text) = await broker.CtlAsync(TimeSpan.FromSeconds(30), "eval", $"application:set_env(rabbit, max_message_size, {bytes}).");
        Assert.True(code == 0, $"rabbitmqctl eval failed ({code}): {text}");
    }

    private static async Task<BasicGetResult> GetDeadLetterAsync(RabbitMqOptions options, string consumer)
    {
        var factory = new ConnectionFactory { Uri = new Uri($"amqp://guest:guest@{options.Endpoints}/") };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var result = await channel.BasicGetAsync($"{options.QueuePrefix}.dead.{consumer}", autoAck: true);
        Assert.NotNull(result);
        return result;
    }
}

using System.Net;
using System.Net.Sockets;
using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Origin;
using ActorFrames.Tests.Infrastructure;
using ActorFrames.Tests.Sources;
using Microsoft.Extensions.Options;

namespace ActorFrames.Tests.Origin;

/// <summary>The origin while the broker is unreachable (a closed port): the spool bound and the overflow policies.</summary>
public sealed class SpoolOverflowTests
{
    [Fact]
    public async Task DispatchAsync_DropOldestWithFullSpool_DropsAndReportsTheOldestChunks()
    {
        var sink = new RecordingSink<long>();
        var origin = CreateUnreachableOrigin(sink, spoolCapacity: 4, SpoolOverflow.DropOldest, maxInFlight: 100);
        await using (origin)
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.True(CompletedAtOnce(origin.DispatchAsync(ClusterTestKit.MakeChunk("s", "c", i, 64, out _), CancellationToken.None)), $"Dispatch {i} should not wait under DropOldest.");
            }

            Assert.Equal(6, origin.Dropped);
            Assert.Equal(4, origin.Spooled);
            Assert.Equal(4, origin.InFlight);
            for (var i = 0; i < 6; i++)
            {
                Assert.IsType<ChunkDroppedException>(sink.Failures[("s", i)]);
            }
        }

        Assert.Equal(10, sink.Failures.Count);
        Assert.IsType<OperationCanceledException>(sink.Failures[("s", 9)]);
    }

    [Fact]
    public async Task DispatchAsync_BackpressureWithFullSpool_WaitsAndDisposesTheChunkWhenCancelled()
    {
        var sink = new RecordingSink<long>();
        await using var origin = CreateUnreachableOrigin(sink, spoolCapacity: 2, SpoolOverflow.Backpressure, maxInFlight: 100);
        await origin.DispatchAsync(ClusterTestKit.MakeChunk("s", "c", 0, 64, out _), CancellationToken.None);
        await origin.DispatchAsync(ClusterTestKit.MakeChunk("s", "c", 1, 64, out _), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var third = ClusterTestKit.MakeChunk("s", "c", 2, 64, out _);

        var pending = origin.DispatchAsync(third, cancel.Token).AsTask();
        Assert.False(pending.IsCompleted, "The third chunk must wait for room in a spool of two.");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.True(third.IsDisposed);
        Assert.Equal(2, origin.InFlight);
        Assert.Empty(sink.Failures);
    }

    [Fact]
    public async Task DispatchAsync_AtTheInFlightLimit_WaitsUnderBackpressureAndDropsUnderDropOldest()
    {
        var sink = new RecordingSink<long>();
        await using (var waiting = CreateUnreachableOrigin(sink, spoolCapacity: 100, SpoolOverflow.Backpressure, maxInFlight: 2))
        {
            await waiting.DispatchAsync(ClusterTestKit.MakeChunk("w", "c", 0, 64, out _), CancellationToken.None);
            await waiting.DispatchAsync(ClusterTestKit.MakeChunk("w", "c", 1, 64, out _), CancellationToken.None);
            using var cancel = new CancellationTokenSource();
            var pending = waiting.DispatchAsync(ClusterTestKit.MakeChunk("w", "c", 2, 64, out _), cancel.Token).AsTask();
            Assert.False(pending.IsCompleted, "The third chunk must wait: two are in flight and the limit is two.");
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        await using var dropping = CreateUnreachableOrigin(sink, spoolCapacity: 100, SpoolOverflow.DropOldest, maxInFlight: 2);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(CompletedAtOnce(dropping.DispatchAsync(ClusterTestKit.MakeChunk("d", "c", i, 64, out _), CancellationToken.None)));
        }

        Assert.Equal(1, dropping.Dropped);
        Assert.IsType<ChunkDroppedException>(sink.Failures[("d", 0)]);
    }

    [Fact]
    public async Task DispatchAsync_WhileTheBrokerIsAway_CopiesTheChunksAndReleasesTheirMemoryAtOnce()
    {
        var sink = new RecordingSink<long>();
        var segment = new byte[10 * 64];
        new Random(3).NextBytes(segment);
        var lease = new CountingLease();
        var origin = CreateUnreachableOrigin(sink, spoolCapacity: 100, SpoolOverflow.Backpressure, maxInFlight: 100);
        await using (origin)
        {
            for (var i = 0; i < 10; i++)
            {
                var info = new ChunkInfo(new SourceId("s"), "c", i, DateTimeOffset.UnixEpoch);
                await origin.DispatchAsync(Chunk<byte>.Lease(segment, i * 64, 64, lease, info), CancellationToken.None);
            }

            // Spooled as copies: an outage does not keep the producer's segments.
            Assert.Equal(10, origin.Spooled);
            Assert.Equal(10, lease.Releases);
        }

        Assert.Equal(10, lease.Releases);
        Assert.Equal(10, sink.Failures.Count);
    }

    [Fact]
    public async Task DispatchAsync_WhenTheSpoolDirectoryCannotTakeTheBody_ThrowsAndDisposesTheChunkItDidNotAccept()
    {
        var sink = new RecordingSink<long>();
        using var temp = new TempDirectory();
        var options = Unreachable(spoolCapacity: 1, SpoolOverflow.Backpressure);
        options.SpoolDirectory = temp.File("spool");
        options.SpoolDirectoryCapacity = 10;
        var origin = ClusterTestKit.CreateOrigin(options, "c", BuiltInHandlers.Checksum, sink);
        await using (origin)
        {
            await origin.DispatchAsync(ClusterTestKit.MakeChunk("s", "c", 0, 64, out _), CancellationToken.None);
            Directory.Delete(options.SpoolDirectory);
            var second = ClusterTestKit.MakeChunk("s", "c", 1, 64, out _);

            await Assert.ThrowsAsync<DirectoryNotFoundException>(() => origin.DispatchAsync(second, CancellationToken.None).AsTask());

            Assert.True(second.IsDisposed);
            Assert.Equal(1, origin.InFlight);
            Assert.Equal(1, origin.Spooled);
        }

        // Only the accepted chunk is reported (as abandoned by the disposal); the refused one was never accepted.
        Assert.Single(sink.Failures);
        Assert.True(sink.Failures.ContainsKey(("s", 0)));
    }

    [Fact]
    public void Cluster_WithInvalidOptions_ThrowsNamingEveryBadKey()
    {
        var options = new RabbitMqOptions { Endpoints = "broker:notaport", DeliveryLimit = 0, SpoolDirectoryCapacity = 10, MaxMessageBytes = 100 };

        var error = Assert.Throws<OptionsValidationException>(() => ActorFrames.Workers.WorkerMode.Cluster(options));

        Assert.Contains("RabbitMq:Endpoints", error.Message, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:DeliveryLimit", error.Message, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:SpoolDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:MaxMessageBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDispatcher_WithAConsumerThatCannotNameAQueue_Throws()
    {
        var sink = new RecordingSink<long>();
        var error = Assert.Throws<ArgumentException>(() => ClusterTestKit.CreateOrigin(Unreachable(1, SpoolOverflow.Backpressure), "no spaces", BuiltInHandlers.Checksum, sink));

        Assert.Contains("no spaces", error.Message, StringComparison.Ordinal);
    }

    private static bool CompletedAtOnce(ValueTask dispatch) => dispatch.IsCompletedSuccessfully;

    private static ClusterDispatcher<byte, long> CreateUnreachableOrigin(RecordingSink<long> sink, int spoolCapacity, SpoolOverflow overflow, int maxInFlight)
        => ClusterTestKit.CreateOrigin(Unreachable(spoolCapacity, overflow), "c", BuiltInHandlers.Checksum, sink, maxInFlight);

    private static RabbitMqOptions Unreachable(int spoolCapacity, SpoolOverflow overflow)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new RabbitMqOptions
        {
            Endpoints = $"127.0.0.1:{port}",
            SpoolCapacity = spoolCapacity,
            Overflow = overflow,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            ConnectionTimeout = TimeSpan.FromMilliseconds(500),
        };
    }
}

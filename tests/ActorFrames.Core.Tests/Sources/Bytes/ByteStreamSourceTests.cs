using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorFrames.Frames;
using ActorFrames.Sources.Bytes;

namespace ActorFrames.Tests.Sources.Bytes;

public sealed class ByteStreamSourceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadAsync_File_ReturnsEveryByteInBlocksOfAtMost64KiB()
    {
        using var dir = new TempDirectory();
        var data = new byte[200_000];
        new Random(1).NextBytes(data);
        await File.WriteAllBytesAsync(dir.File("data"), data);

        await using var source = ByteStreamSource.OpenFile(dir.File("data"));
        var (bytes, frames) = await FrameCollector.DrainAsync(source);

        Assert.Equal(data, bytes);
        Assert.All(frames, f => Assert.Null(f.SampleRate));
        Assert.Equal([0L, 1, 2, 3], frames.Select(f => f.Sequence));
        Assert.Equal(200_000, source.Position);
    }

    [Fact]
    public async Task ReadAsync_Frames_AreStampedWithTheReadTime()
    {
        using var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var source = ByteStreamSource.FromStream(new TrickleStream(new MemoryStream(new byte[10]), 4), new SourceId("t"), timeProvider: clock);

        var first = await source.ReadAsync();
        clock.Advance(TimeSpan.FromSeconds(3));
        var second = await source.ReadAsync();

        Assert.Equal(clock.Start, first!.Timestamp);
        Assert.Equal(clock.Start.AddSeconds(3), second!.Timestamp);
        Assert.Equal(4, first.Length);
        first.Release();
        second.Release();
    }

    [Fact]
    public async Task ReadAsync_TcpPeerWithSink_ReceivesEveryByteInOrder()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var data = new byte[1_000_000];
        new Random(2).NextBytes(data);

        var accepting = ByteStreamSource.AcceptTcpAsync(listener);
        await using (var sink = await ByteSink.ConnectTcpAsync("127.0.0.1", port))
        {
            await using var source = await accepting.WaitAsync(s_timeout);
            var sending = Task.Run(async () =>
            {
                for (var offset = 0; offset < data.Length; offset += 70_001)
                {
                    await sink.WriteAsync(data.AsMemory(offset, Math.Min(70_001, data.Length - offset)));
                }

                await sink.DisposeAsync();
            });
            var (bytes, frames) = await FrameCollector.DrainAsync(source).WaitAsync(s_timeout);
            await sending.WaitAsync(s_timeout);

            Assert.Equal(data, bytes);
            Assert.All(frames, f => Assert.InRange(f.Sequence, 0, frames.Count));
            Assert.Equal(data.Length, sink.BytesWritten);
        }
    }

    [Fact]
    public async Task ReadAsync_SlowConsumer_HoldsTheWriterBack()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptSocketAsync();
        await using var source = await ByteStreamSource.ConnectTcpAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        using var peer = await accepting.WaitAsync(s_timeout);
        peer.SendBufferSize = 64 * 1024;
        await using var sink = ByteSink.ToSocket(peer);

        // Nobody reads yet: 64 MiB is far more than the socket buffers of both ends hold, so the write must wait.
        var writing = sink.WriteAsync(new byte[64 * 1024 * 1024]).AsTask();
        Assert.False(writing.IsCompleted, "a 64 MiB write completed although nobody read: no backpressure");

        // Once the consumer reads, the writer makes progress and finishes.
        var drained = 0L;
        while (drained < 64 * 1024 * 1024)
        {
            var frame = await source.ReadAsync().AsTask().WaitAsync(s_timeout);
            Assert.NotNull(frame);
            Assert.InRange(frame.Length, 1, ByteStreamSource.DefaultBlockSize);
            drained += frame.Length;
            frame.Release();
        }

        await writing.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_StopsWaitingForData()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptSocketAsync();
        await using var source = await ByteStreamSource.ConnectTcpAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        using var peer = await accepting.WaitAsync(s_timeout);
        using var cts = new CancellationTokenSource();

        var reading = source.ReadAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task NamedPipe_SinkToSource_CarriesEveryByteAndEndsAtClose()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // FIFOs are a Unix feature; Windows pipe names go through NamedPipeClientStream.
        }

        using var dir = new TempDirectory();
        var fifo = dir.File("fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var data = new byte[300_000];
        new Random(3).NextBytes(data);
        var opening = ByteStreamSource.OpenNamedPipeAsync(fifo);
        await using (var sink = await ByteSink.OpenNamedPipeAsync(fifo).WaitAsync(s_timeout))
        {
            await using var source = await opening.WaitAsync(s_timeout);
            var writing = Task.Run(async () =>
            {
                await sink.WriteAsync(data);
                await sink.DisposeAsync();
            });
            var (bytes, frames) = await FrameCollector.DrainAsync(source).WaitAsync(s_timeout);
            await writing.WaitAsync(s_timeout);

            Assert.Equal(data, bytes);
            Assert.All(frames, f => Assert.Equal(fifo, f.Source.Value));
        }
    }

    [Fact]
    public async Task OpenNamedPipeAsync_NoWriterAndCancelled_Returns()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // FIFOs are a Unix feature.
        }

        using var dir = new TempDirectory();
        var fifo = dir.File("fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource();
        var opening = ByteStreamSource.OpenNamedPipeAsync(fifo, cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => opening.WaitAsync(s_timeout));
    }
}

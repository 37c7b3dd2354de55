using System.Buffers;
using ActorFrames.Frames;
using ActorFrames.Workers.Processes;

namespace ActorFrames.Tests.Workers;

public sealed class PipeProtocolTests
{
    [Fact]
    public async Task WriteRequest_ThenReadRequest_RoundTripsMetadataAndBody()
    {
        var info = new ChunkInfo(new SourceId("mic"), "level", 42, new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.FromHours(1)), 2, 16000, IsPartial: true, FramesDroppedBefore: 3, ChunksDroppedBefore: 4);
        using var chunk = Chunk<short>.Copy([1, -2, 3, -4], info);
        var buffer = new ArrayBufferWriter<byte>();
        PipeProtocol.WriteRequest(buffer, 7, "rms", chunk);

        var frame = new ArrayBufferWriter<byte>();
        using var stream = new MemoryStream(buffer.WrittenSpan.ToArray());
        Assert.True(await PipeProtocol.ReadFrameAsync(stream, PipeProtocol.RequestMagic, frame, CancellationToken.None));
        var header = PipeProtocol.ReadRequest(frame.WrittenSpan, out var body);

        Assert.Equal(7, header.RequestId);
        Assert.Equal("rms", header.Handler);
        Assert.Equal(ElementType.S16, header.ElementType);
        Assert.Equal(info, header.Info);
        Assert.Equal(new short[] { 1, -2, 3, -4 }, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(body).ToArray());
        Assert.False(await PipeProtocol.ReadFrameAsync(stream, PipeProtocol.RequestMagic, frame, CancellationToken.None));
    }

    [Fact]
    public async Task ReadFrameAsync_WrongMagic_ThrowsNamingBoth()
    {
        using var stream = new MemoryStream([1, 2, 3, 4, 0, 0, 0, 0]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => PipeProtocol.ReadFrameAsync(stream, PipeProtocol.RequestMagic, new ArrayBufferWriter<byte>(), CancellationToken.None).AsTask());

        Assert.Contains("0x04030201", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFrameAsync_TruncatedHeader_ThrowsEndOfStream()
    {
        using var stream = new MemoryStream([0x41, 0x46]);

        await Assert.ThrowsAsync<EndOfStreamException>(() => PipeProtocol.ReadFrameAsync(stream, PipeProtocol.RequestMagic, new ArrayBufferWriter<byte>(), CancellationToken.None).AsTask());
    }

    [Fact]
    public void ReadRequest_LengthsThatDoNotAddUp_Throw()
    {
        var payload = new byte[PipeProtocol.RequestFixedSize + 3];
        payload[10] = 200;

        Assert.Throws<InvalidDataException>(() => PipeProtocol.ReadRequest(payload, out _));
    }
}

using System.Buffers;
using System.Runtime.InteropServices;
using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Tests.Workers;

public sealed class EncodedChunkHandlerTests
{
    private static readonly ChunkInfo s_info = new(new SourceId("s"), "c", 3, DateTimeOffset.UnixEpoch, 1, 48000);

    [Fact]
    public async Task InvokeAsync_ByteHandlerGivenMemory_ReadsTheBodyInPlace()
    {
        var body = new byte[64];
        new Random(5).NextBytes(body);
        var seen = new SeenArray();
        var handler = new HandlerRegistry().Add<byte, long>("sum", () => new ByteSum(seen), ResultCodecs.Int64).Get("sum").CreateEncoded();
        var result = new ArrayBufferWriter<byte>();

        await handler.InvokeAsync(new ReadOnlyMemory<byte>(body, 8, 40), s_info, result, CancellationToken.None);

        Assert.Same(body, seen.Array);
        Assert.Equal(8, seen.Offset);
        Assert.Equal(body.Skip(8).Take(40).Sum(static b => (long)b), ResultCodecs.Int64.Read(result.WrittenSpan));
    }

    [Fact]
    public async Task InvokeAsync_FloatHandlerGivenMemory_GetsACopyOfTheElements()
    {
        var values = new[] { 1.5f, -2f, 4.25f };
        var body = new byte[values.Length * sizeof(float)];
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(body);
        var handler = new HandlerRegistry().Add<float, long>("sum", static () => new FloatSum(), ResultCodecs.Int64).Get("sum").CreateEncoded();
        var result = new ArrayBufferWriter<byte>();

        await handler.InvokeAsync(body.AsMemory(), s_info, result, CancellationToken.None);

        Assert.Equal((long)(values.Sum() * 100), ResultCodecs.Int64.Read(result.WrittenSpan));
    }

    [Fact]
    public async Task InvokeAsync_BodyNotAWholeNumberOfElements_ThrowsNamingTheHandler()
    {
        var handler = new HandlerRegistry().Add<float, long>("floats", static () => new FloatSum(), ResultCodecs.Int64).Get("floats").CreateEncoded();

        var error = await Assert.ThrowsAsync<FormatException>(() => handler.InvokeAsync(new byte[6].AsMemory(), s_info, new ArrayBufferWriter<byte>(), CancellationToken.None).AsTask());

        Assert.Contains("Handler 'floats'", error.Message, StringComparison.Ordinal);
    }

    private sealed class SeenArray
    {
        public byte[]? Array { get; set; }

        public int Offset { get; set; }
    }

    private sealed class ByteSum(SeenArray seen) : IChunkHandler<byte, long>
    {
        public ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
        {
            Assert.True(MemoryMarshal.TryGetArray(chunk.Memory, out var segment));
            seen.Array = segment.Array;
            seen.Offset = segment.Offset;
            long sum = 0;
            foreach (var b in chunk.Span)
            {
                sum += b;
            }

            return ValueTask.FromResult(sum);
        }
    }

    private sealed class FloatSum : IChunkHandler<float, long>
    {
        public ValueTask<long> HandleAsync(Chunk<float> chunk, CancellationToken cancellationToken)
        {
            float sum = 0;
            foreach (var v in chunk.Span)
            {
                sum += v;
            }

            return ValueTask.FromResult((long)(sum * 100));
        }
    }
}

using ActorFrames.Frames;
using ActorFrames.RabbitMq.Wire;

namespace ActorFrames.Tests.Wire;

public sealed class ChunkWireFormatTests
{
    private static readonly ChunkInfo s_info = new(
        new SourceId("mic-7"),
        "spectrum",
        42,
        new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero).AddTicks(1234),
        2,
        44100,
        true,
        3,
        5);

    [Fact]
    public void ReadChunk_AfterWriteChunk_ReturnsTheSameMetadata()
    {
        var headers = new Dictionary<string, object?>();
        var labels = new Utf8Labels("spectrum", "fft");
        ChunkWireFormat.WriteChunk(headers, s_info, ElementType.F32, labels.Stream("mic-7"), labels, 9001);

        var read = ChunkWireFormat.ReadChunk(headers, new Utf8Interner(), out var type, out var handler, out var id);

        Assert.Equal(s_info, read);
        Assert.Equal(ElementType.F32, type);
        Assert.Equal("fft"u8.ToArray(), handler.ToArray());
        Assert.Equal(9001, id);
    }

    [Fact]
    public void WriteChunk_ReusingTheDictionary_UpdatesValuesAndDropsAbsentOptionalOnes()
    {
        var headers = new Dictionary<string, object?>();
        var labels = new Utf8Labels("spectrum", "fft");
        ChunkWireFormat.WriteChunk(headers, s_info, ElementType.F32, labels.Stream("mic-7"), labels, 1);
        var sequenceBox = headers[WireHeaders.Sequence];
        var next = s_info with { Sequence = 43, SampleRate = null, IsPartial = false, FramesDroppedBefore = 0, ChunksDroppedBefore = 0 };

        ChunkWireFormat.WriteChunk(headers, next, ElementType.F32, labels.Stream("mic-7"), labels, 2);

        Assert.Same(sequenceBox, headers[WireHeaders.Sequence]);
        Assert.False(headers.ContainsKey(WireHeaders.Rate));
        Assert.False(headers.ContainsKey(WireHeaders.FramesDropped));
        Assert.False(headers.ContainsKey(WireHeaders.Partial));
        Assert.Equal(next, ChunkWireFormat.ReadChunk(headers, new Utf8Interner(), out _, out _, out var id));
        Assert.Equal(2, id);
    }

    [Fact]
    public void ReadChunk_WithoutSequence_ThrowsNamingTheHeader()
    {
        var headers = new Dictionary<string, object?>();
        var labels = new Utf8Labels("spectrum", "fft");
        ChunkWireFormat.WriteChunk(headers, s_info, ElementType.F32, labels.Stream("mic-7"), labels, 1);
        headers.Remove(WireHeaders.Sequence);

        var error = Assert.Throws<FormatException>(() => ChunkWireFormat.ReadChunk(headers, new Utf8Interner(), out _, out _, out _));

        Assert.Contains(WireHeaders.Sequence, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadChunk_WithUnknownElementType_ThrowsNamingTheValue()
    {
        var headers = new Dictionary<string, object?>();
        var labels = new Utf8Labels("spectrum", "fft");
        ChunkWireFormat.WriteChunk(headers, s_info, ElementType.F32, labels.Stream("mic-7"), labels, 1);
        headers[WireHeaders.ElementType] = 99;

        var error = Assert.Throws<FormatException>(() => ChunkWireFormat.ReadChunk(headers, new Utf8Interner(), out _, out _, out _));

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadChunk_WithStringHeadersAsBytes_ReusesTheInternedStrings()
    {
        var headers = new Dictionary<string, object?>();
        var labels = new Utf8Labels("spectrum", "fft");
        var interner = new Utf8Interner();
        ChunkWireFormat.WriteChunk(headers, s_info, ElementType.F32, labels.Stream("mic-7"), labels, 1);
        var first = ChunkWireFormat.ReadChunk(headers, interner, out _, out _, out _);
        headers[WireHeaders.Stream] = "mic-7"u8.ToArray();

        var second = ChunkWireFormat.ReadChunk(headers, interner, out _, out _, out _);

        Assert.Same(first.Source.Value, second.Source.Value);
        Assert.Same(first.Consumer, second.Consumer);
    }

    [Fact]
    public void WriteChunk_InSteadyState_AllocatesNothing()
    {
        var headers = new Dictionary<string, object?>();
        var labels = new Utf8Labels("spectrum", "fft");
        var stream = labels.Stream("mic-7");
        ChunkWireFormat.WriteChunk(headers, s_info, ElementType.F32, stream, labels, 1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            ChunkWireFormat.WriteChunk(headers, s_info with { Sequence = i }, ElementType.F32, labels.Stream("mic-7"), labels, i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ReadDeliveryCount_WithQuorumHeader_ReturnsIt()
    {
        Assert.Equal(0, ChunkWireFormat.ReadDeliveryCount(null));
        Assert.Equal(3, ChunkWireFormat.ReadDeliveryCount(new Dictionary<string, object?> { [WireHeaders.DeliveryCount] = 3L }));
        Assert.Equal(2, ChunkWireFormat.ReadDeliveryCount(new Dictionary<string, object?> { [WireHeaders.DeliveryCount] = 2 }));
    }
}

using System.Buffers;
using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.Sources.Oasis;
using ActorFrames.Workers;

namespace ActorFrames.Tests.Handlers;

public sealed class OasisTotalsHandlerTests
{
    [Fact]
    public async Task HandleAsync_ItemRecords_SumsSampleAndMeanLossesPerRunOfAnEvent()
    {
        var header = new OasisStreamHeader(OasisStreamType.Loss, OasisStreamHeader.ItemAggregation, SampleCount: 3);
        var events = await RecordsAsync(header, static async w =>
        {
            await w.WriteItemAsync(7, 1, new OasisSample[] { new(-3, 1000f), new(-1, 10f), new(1, 4f), new(3, 8f) });
            await w.WriteItemAsync(7, 2, new OasisSample[] { new(-2, 99f), new(2, 1.5f) });
            await w.WriteItemAsync(9, 1, new OasisSample[] { new(-5, 50f), new(1, 2f) });
            await w.WriteItemAsync(7, 3, new OasisSample[] { new(-1, 0.25f) });
        });
        using var chunk = Chunk<byte>.Copy(events, new ChunkInfo(new SourceId("oasis"), "totals", 0, DateTimeOffset.UnixEpoch));

        var result = await BuiltInHandlers.Register(new HandlerRegistry())
            .Get<byte, OasisTotalsResult>(BuiltInHandlers.OasisTotals).Factory()
            .HandleAsync(chunk, CancellationToken.None);

        Assert.Equal(
            new OasisEventTotal[] { new(7, 2, 13.5, 10, true), new(9, 1, 2, 0, false), new(7, 1, 0, 0.25, true) },
            result.Events.ToArray());
    }

    [Fact]
    public async Task Compute_SummaryRecords_SkipsTheExposureValue()
    {
        var header = new OasisStreamHeader(OasisStreamType.Summary, OasisStreamHeader.ItemAggregation, SampleCount: 2, SummarySetId: 1);
        var events = await RecordsAsync(header, static async w =>
        {
            await w.WriteSummaryAsync(3, 1, 123456f, new OasisSample[] { new(-1, 5f), new(1, 2f), new(2, 6f) });
            await w.WriteSummaryAsync(3, 2, 654321f, new OasisSample[] { new(2, 1f) });
        });

        var result = OasisTotalsHandler.Compute(events, OasisStreamType.Summary);

        Assert.Equal(new OasisEventTotal[] { new(3, 2, 9, 5, true) }, result.Events.ToArray());
    }

    [Fact]
    public async Task CreateEncoded_AsAChildProcessOrWorkerNodeRunsIt_WritesTotalsTheCodecReadsBack()
    {
        var header = new OasisStreamHeader(OasisStreamType.GroundUpLoss, OasisStreamHeader.ItemAggregation, SampleCount: 2);
        var events = await RecordsAsync(header, static async w =>
        {
            await w.WriteItemAsync(1, 1, new OasisSample[] { new(-1, 3f), new(1, 10f), new(2, 20f) });
            await w.WriteItemAsync(2, 1, new OasisSample[] { new(2, 0.5f) });
        });
        var handler = BuiltInHandlers.Register(new HandlerRegistry()).Get(BuiltInHandlers.OasisTotals).CreateEncoded();
        var encoded = new ArrayBufferWriter<byte>();

        await handler.InvokeAsync(events, new ChunkInfo(new SourceId("oasis"), "totals", 0, DateTimeOffset.UnixEpoch), encoded, CancellationToken.None);

        Assert.Equal(ElementType.U8, handler.ElementType);
        Assert.Equal(
            new OasisEventTotal[] { new(1, 1, 30, 3, true), new(2, 1, 0.5, 0, false) },
            OasisTotalsResultCodec.Instance.Read(encoded.WrittenSpan).Events.ToArray());
    }

    [Fact]
    public void Compute_NoRecords_ReturnsNoEvents()
        => Assert.Empty(OasisTotalsHandler.Compute([], OasisStreamType.Loss).Events);

    [Fact]
    public void Add_AnotherEvent_ThrowsNamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => new OasisEventTotal(1, 1, 0, 0, false).Add(new OasisEventTotal(2, 1, 0, 0, false)));

        Assert.Contains("event 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("event 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SameEvent_AddsEverySum()
        => Assert.Equal(
            new OasisEventTotal(4, 5, 3.5, 1, true),
            new OasisEventTotal(4, 2, 1, 0, false).Add(new OasisEventTotal(4, 3, 2.5, 1, true)));

    [Fact]
    public void Codec_RoundTrip_KeepsEveryEntry()
    {
        var value = new OasisTotalsResult([new OasisEventTotal(1, 20, 3616788.2775268555, 349520, true), new OasisEventTotal(int.MaxValue, 1, double.NaN, 0, false)]);
        var buffer = new ArrayBufferWriter<byte>();

        OasisTotalsResultCodec.Instance.Write(value, buffer);
        var decoded = OasisTotalsResultCodec.Instance.Read(buffer.WrittenSpan);

        Assert.Equal(4 + (2 * 25), buffer.WrittenCount);
        Assert.Equal(value.Events.ToArray(), decoded.Events.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(28)]
    public void Codec_WrongLength_ThrowsNamingTheLength(int length)
    {
        var data = new byte[length];
        if (length >= 4)
        {
            data[0] = 1;
        }

        var error = Assert.Throws<FormatException>(() => OasisTotalsResultCodec.Instance.Read(data));

        Assert.Contains($"{length} bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OasisStreamType.GroundUpLoss, BuiltInHandlers.OasisTotals)]
    [InlineData(OasisStreamType.Loss, BuiltInHandlers.OasisTotals)]
    [InlineData(OasisStreamType.Summary, BuiltInHandlers.OasisSummaryTotals)]
    public void OasisTotalsFor_StreamType_NamesARegisteredHandler(OasisStreamType type, string expected)
    {
        var name = BuiltInHandlers.OasisTotalsFor(type);

        Assert.Equal(expected, name);
        Assert.NotNull(BuiltInHandlers.Register(new HandlerRegistry()).Get<byte, OasisTotalsResult>(name));
    }

    /// <summary>The records a writer produces, without the stream header (what a frame of an OasisSource holds).</summary>
    private static async Task<byte[]> RecordsAsync(OasisStreamHeader header, Func<OasisStreamWriter, Task> write)
    {
        using var stream = new MemoryStream();
        var writer = new OasisStreamWriter(stream, header, leaveOpen: true);
        await using (writer)
        {
            await write(writer);
        }

        return stream.ToArray()[header.Size..];
    }
}

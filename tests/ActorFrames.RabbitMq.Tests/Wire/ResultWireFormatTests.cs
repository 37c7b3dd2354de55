using System.Buffers;
using ActorFrames.RabbitMq.Wire;

namespace ActorFrames.Tests.Wire;

public sealed class ResultWireFormatTests
{
    [Fact]
    public void TryRead_AfterWritingResultsAndAFailure_ReturnsThemInOrder()
    {
        var body = new ArrayBufferWriter<byte>();
        ResultWireFormat.WriteResult(body, 7, 1, [1, 2, 3]);
        ResultWireFormat.WriteFailure(body, 8, 5, "System.IO.InvalidDataException", "poison ☠");
        ResultWireFormat.WriteResult(body, 9, 2, []);

        var span = body.WrittenSpan;
        var records = new List<(long Id, int Attempt, bool Ok, byte[] Payload)>();
        while (ResultWireFormat.TryRead(ref span, out var record))
        {
            records.Add((record.Id, record.Attempt, record.Succeeded, record.Payload.ToArray()));
        }

        Assert.Equal(3, records.Count);
        Assert.Equal((7L, 1, true), (records[0].Id, records[0].Attempt, records[0].Ok));
        Assert.Equal([1, 2, 3], records[0].Payload);
        Assert.Equal((8L, 5, false), (records[1].Id, records[1].Attempt, records[1].Ok));
        Assert.Equal(("System.IO.InvalidDataException", "poison ☠"), ResultWireFormat.ReadFailure(records[1].Payload));
        Assert.Equal((9L, 2, true), (records[2].Id, records[2].Attempt, records[2].Ok));
        Assert.Empty(records[2].Payload);
    }

    [Fact]
    public void TryRead_WithATruncatedRecord_ThrowsSayingHowManyBytesRemain()
    {
        var body = new ArrayBufferWriter<byte>();
        ResultWireFormat.WriteResult(body, 7, 1, new byte[16]);
        var truncated = body.WrittenSpan[..^4].ToArray();

        var error = Assert.Throws<FormatException>(() =>
        {
            ReadOnlySpan<byte> span = truncated;
            ResultWireFormat.TryRead(ref span, out _);
        });

        Assert.Contains("16 payload bytes", error.Message, StringComparison.Ordinal);
    }
}

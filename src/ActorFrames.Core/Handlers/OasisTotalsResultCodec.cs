using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// Encodes an <see cref="OasisTotalsResult"/> as a count (int32) followed by 25 bytes per event: event id (int32),
/// records (int32), sample loss sum (double), mean loss sum (double), has-mean flag (byte); all little-endian.
/// </summary>
internal sealed class OasisTotalsResultCodec : IResultCodec<OasisTotalsResult>
{
    private const int EntrySize = 25;

    private OasisTotalsResultCodec()
    {
    }

    /// <summary>Gets the codec.</summary>
    public static OasisTotalsResultCodec Instance { get; } = new();

    /// <inheritdoc />
    public void Write(OasisTotalsResult value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(output);
        var events = value.Events;
        var size = 4 + (events.Length * EntrySize);
        var span = output.GetSpan(size);
        BinaryPrimitives.WriteInt32LittleEndian(span, events.Length);
        var at = 4;
        foreach (var e in events)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], e.EventId);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], e.Records);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(at + 8)..], e.SampleLossSum);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(at + 16)..], e.MeanLossSum);
            span[at + 24] = e.HasMeanLoss ? (byte)1 : (byte)0;
            at += EntrySize;
        }

        output.Advance(size);
    }

    /// <inheritdoc />
    public OasisTotalsResult Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4)
        {
            throw new FormatException($"An encoded {nameof(OasisTotalsResult)} starts with a 4-byte count, but only {data.Length} bytes arrived.");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (count < 0 || count > (data.Length - 4) / EntrySize || data.Length != 4 + (count * EntrySize))
        {
            throw new FormatException($"An encoded {nameof(OasisTotalsResult)} of {data.Length} bytes cannot hold the {count} events it declares ({EntrySize} bytes each after a 4-byte count).");
        }

        var events = ImmutableArray.CreateBuilder<OasisEventTotal>(count);
        for (var at = 4; at < data.Length; at += EntrySize)
        {
            events.Add(new OasisEventTotal(
                BinaryPrimitives.ReadInt32LittleEndian(data[at..]),
                BinaryPrimitives.ReadInt32LittleEndian(data[(at + 4)..]),
                BinaryPrimitives.ReadDoubleLittleEndian(data[(at + 8)..]),
                BinaryPrimitives.ReadDoubleLittleEndian(data[(at + 16)..]),
                data[at + 24] != 0));
        }

        return new OasisTotalsResult(events.MoveToImmutable());
    }
}

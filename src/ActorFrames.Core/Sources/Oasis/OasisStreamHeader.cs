using System.Buffers.Binary;

namespace ActorFrames.Sources.Oasis;

/// <summary>
/// The header of an OASIS loss stream: the aggregation type in bytes 0-2 (24-bit little-endian), the source type in
/// byte 3, then len_sample (int32); summary streams add summary_set_id (int32).
/// </summary>
/// <param name="StreamType">The source type (byte 3).</param>
/// <param name="AggregationType">The aggregation type (bytes 0-2): 1 item, 2 coverage.</param>
/// <param name="SampleCount">len_sample: normal sample ids run from 1 to this.</param>
/// <param name="SummarySetId">The summary set (summary streams only; 0 otherwise).</param>
public readonly record struct OasisStreamHeader(OasisStreamType StreamType, int AggregationType, int SampleCount, int SummarySetId = 0)
{
    /// <summary>The aggregation type of streams with one record per item.</summary>
    public const int ItemAggregation = 1;

    /// <summary>The aggregation type of streams with one record per coverage.</summary>
    public const int CoverageAggregation = 2;

    /// <summary>Gets the header's size in bytes: 8, or 12 for summary streams.</summary>
    public int Size => StreamType == OasisStreamType.Summary ? 12 : 8;

    /// <summary>Gets the size of a record header: 8 (event_id, item_id), or 12 for summary records (event_id, summary_id, exposure_value).</summary>
    public int RecordHeaderSize => StreamType == OasisStreamType.Summary ? 12 : 8;

    /// <summary>Checks the fields and throws when one cannot be written.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(StreamType))
        {
            throw new ArgumentOutOfRangeException(nameof(StreamType), StreamType, "StreamType must be GroundUpLoss (1), Loss (2) or Summary (3).");
        }

        if (AggregationType is < 0 or > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(AggregationType), AggregationType, "AggregationType must fit the header's 3 bytes (0..16777215).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(SampleCount);
        ArgumentOutOfRangeException.ThrowIfNegative(SummarySetId);
        if (StreamType != OasisStreamType.Summary && SummarySetId != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SummarySetId), SummarySetId, "Only summary streams carry a SummarySetId.");
        }
    }

    /// <summary>Writes the header's <see cref="Size"/> bytes.</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, AggregationType | ((int)StreamType << 24));
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], SampleCount);
        if (StreamType == OasisStreamType.Summary)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination[8..], SummarySetId);
        }
    }

    /// <inheritdoc />
    public override string ToString()
        => $"{StreamType} stream (source type {(int)StreamType}), aggregation {AggregationType}, len_sample {SampleCount}{(StreamType == OasisStreamType.Summary ? $", summary_set_id {SummarySetId}" : string.Empty)}";

    /// <summary>Parses the first 8 bytes and says whether 4 more (summary_set_id) follow.</summary>
    internal static OasisStreamHeader ParseStart(ReadOnlySpan<byte> first8, string name)
    {
        var word = BinaryPrimitives.ReadInt32LittleEndian(first8);
        var aggregation = word & 0xFFFFFF;
        var source = (sbyte)(word >> 24);
        if (source is < 1 or > 3)
        {
            throw new SourceFormatException(name, 3, $"stream source type {source} is not a loss stream (1 ground-up, 2 loss, 3 summary; 0 is a CDF stream)");
        }

        var samples = BinaryPrimitives.ReadInt32LittleEndian(first8[4..]);
        if (samples < 0)
        {
            throw new SourceFormatException(name, 4, $"len_sample {samples} is negative");
        }

        return new OasisStreamHeader((OasisStreamType)source, aggregation, samples);
    }
}

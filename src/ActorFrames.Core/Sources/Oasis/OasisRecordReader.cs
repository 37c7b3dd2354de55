using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ActorFrames.Sources.Oasis;

/// <summary>
/// Walks the records in the bytes of an <see cref="OasisSource"/> frame (whole events, no stream header) without
/// copying: each record's header and its (sidx, loss) pairs, excluding the (0, 0) pair that ends it.
/// </summary>
public ref struct OasisRecordReader
{
    private readonly ReadOnlySpan<byte> _events;
    private readonly int _recordHeaderSize;
    private int _position;

    /// <summary>Initializes a new instance of the <see cref="OasisRecordReader"/> struct.</summary>
    /// <param name="events">A frame's bytes: whole records, each ended by (0, 0).</param>
    /// <param name="streamType">The stream type from the source's header (summary records carry an exposure value).</param>
    public OasisRecordReader(ReadOnlySpan<byte> events, OasisStreamType streamType)
    {
        _events = events;
        _recordHeaderSize = streamType == OasisStreamType.Summary ? 12 : 8;
        _position = 0;
    }

    /// <summary>Gets the offset of the next record in the frame.</summary>
    public readonly int Position => _position;

    /// <summary>Reads the next record.</summary>
    /// <param name="record">The record's event id, item or summary id and exposure value.</param>
    /// <param name="samples">The record's (sidx, loss) pairs, without the closing (0, 0).</param>
    /// <returns><see langword="false"/> at the end of the frame.</returns>
    /// <exception cref="SourceFormatException">The bytes are not whole records (they did not come from an <see cref="OasisSource"/>).</exception>
    public bool TryRead(out OasisRecord record, out ReadOnlySpan<OasisSample> samples)
    {
        var rest = _events[_position..];
        if (rest.IsEmpty)
        {
            record = default;
            samples = default;
            return false;
        }

        if (rest.Length < _recordHeaderSize)
        {
            throw new SourceFormatException("frame", _position, $"{rest.Length} bytes left, fewer than a {_recordHeaderSize}-byte record header");
        }

        record = new OasisRecord(
            BinaryPrimitives.ReadInt32LittleEndian(rest),
            BinaryPrimitives.ReadInt32LittleEndian(rest[4..]),
            _recordHeaderSize == 12 ? BinaryPrimitives.ReadSingleLittleEndian(rest[8..]) : 0);
        var pairs = MemoryMarshal.Cast<byte, OasisSample>(rest[_recordHeaderSize..]);
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].SampleId == OasisSampleIds.EndOfRecord)
            {
                samples = pairs[..i];
                _position += _recordHeaderSize + ((i + 1) * 8);
                return true;
            }
        }

        throw new SourceFormatException("frame", _position, $"the record of event {record.EventId} has no (0, 0) end pair");
    }
}

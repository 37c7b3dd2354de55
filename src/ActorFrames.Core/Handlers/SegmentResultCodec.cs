using System.Buffers;
using System.Text;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>Encodes a <see cref="SegmentResult"/>: timestamp and duration (18 bytes), then the path in UTF-8.</summary>
internal sealed class SegmentResultCodec : IResultCodec<SegmentResult>
{
    private const int HeaderSize = WireTime.TimestampSize + WireTime.DurationSize;

    private SegmentResultCodec()
    {
    }

    /// <summary>Gets the codec.</summary>
    public static SegmentResultCodec Instance { get; } = new();

    /// <inheritdoc />
    public void Write(SegmentResult value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(value.Path, "value.Path");
        var span = output.GetSpan(HeaderSize);
        WireTime.Write(span, value.Timestamp, value.Duration);
        output.Advance(HeaderSize);
        Encoding.UTF8.GetBytes(value.Path, output);
    }

    /// <inheritdoc />
    public SegmentResult Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize)
        {
            throw new FormatException($"An encoded {nameof(SegmentResult)} is at least {HeaderSize} bytes long, not {data.Length}.");
        }

        var timestamp = WireTime.Read(data, out var duration);
        return new SegmentResult(Encoding.UTF8.GetString(data[HeaderSize..]), timestamp, duration);
    }
}

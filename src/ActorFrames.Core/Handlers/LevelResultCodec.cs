using System.Buffers;
using System.Buffers.Binary;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>Encodes a <see cref="LevelResult"/> in 34 bytes: timestamp, duration, RMS and peak (little-endian).</summary>
internal sealed class LevelResultCodec : IResultCodec<LevelResult>
{
    private const int Size = WireTime.TimestampSize + WireTime.DurationSize + 16;

    private LevelResultCodec()
    {
    }

    /// <summary>Gets the codec.</summary>
    public static LevelResultCodec Instance { get; } = new();

    /// <inheritdoc />
    public void Write(LevelResult value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(Size);
        WireTime.Write(span, value.Timestamp, value.Duration);
        BinaryPrimitives.WriteDoubleLittleEndian(span[18..], value.RmsDbfs);
        BinaryPrimitives.WriteDoubleLittleEndian(span[26..], value.PeakDbfs);
        output.Advance(Size);
    }

    /// <inheritdoc />
    public LevelResult Read(ReadOnlySpan<byte> data)
    {
        WireTime.CheckLength(data, Size, nameof(LevelResult));
        var timestamp = WireTime.Read(data, out var duration);
        return new LevelResult(timestamp, duration, BinaryPrimitives.ReadDoubleLittleEndian(data[18..]), BinaryPrimitives.ReadDoubleLittleEndian(data[26..]));
    }
}

using System.Buffers;
using System.Buffers.Binary;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>Encodes a <see cref="SpectrumResult"/> in 106 bytes: timestamp, duration, dominant frequency and ten band levels.</summary>
internal sealed class SpectrumResultCodec : IResultCodec<SpectrumResult>
{
    private const int BandsOffset = WireTime.TimestampSize + WireTime.DurationSize + 8;
    private const int Size = BandsOffset + (OctaveBandLevels.Count * 8);

    private SpectrumResultCodec()
    {
    }

    /// <summary>Gets the codec.</summary>
    public static SpectrumResultCodec Instance { get; } = new();

    /// <inheritdoc />
    public void Write(SpectrumResult value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(Size);
        WireTime.Write(span, value.Timestamp, value.Duration);
        BinaryPrimitives.WriteDoubleLittleEndian(span[18..], value.DominantFrequency);
        var bands = value.Bands.AsReadOnlySpan();
        for (var b = 0; b < bands.Length; b++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(span[(BandsOffset + (b * 8))..], bands[b]);
        }

        output.Advance(Size);
    }

    /// <inheritdoc />
    public SpectrumResult Read(ReadOnlySpan<byte> data)
    {
        WireTime.CheckLength(data, Size, nameof(SpectrumResult));
        var timestamp = WireTime.Read(data, out var duration);
        var levels = default(OctaveBandLevels);
        var bands = levels.AsSpan();
        for (var b = 0; b < bands.Length; b++)
        {
            bands[b] = BinaryPrimitives.ReadDoubleLittleEndian(data[(BandsOffset + (b * 8))..]);
        }

        return new SpectrumResult(timestamp, duration, BinaryPrimitives.ReadDoubleLittleEndian(data[18..]), levels);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace ActorFrames.Tests.Handlers;

/// <summary>A minimal RIFF/WAVE parser for checking written segments: walks the chunks by their sizes.</summary>
internal sealed record WavHeader(int FormatTag, int Channels, int SampleRate, int BitsPerSample, int BlockAlign, int DataOffset, int DataLength, long? FactFrames)
{
    public long Frames => DataLength / BlockAlign;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / SampleRate);

    public static WavHeader Parse(byte[] file)
    {
        Assert.True(file.Length >= 12, $"A WAV file has at least 12 bytes; this one has {file.Length}.");
        Assert.Equal("RIFF", Encoding.ASCII.GetString(file, 0, 4));
        Assert.Equal(file.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4)));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(file, 8, 4));
        int? tag = null, channels = null, rate = null, bits = null, align = null;
        long? fact = null;
        var offset = 12;
        while (offset + 8 <= file.Length)
        {
            var id = Encoding.ASCII.GetString(file, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset + 4));
            var body = file.AsSpan(offset + 8);
            switch (id)
            {
                case "fmt ":
                    tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
                    channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                    rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                    var byteRate = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
                    align = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
                    bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                    Assert.Equal(rate * align, byteRate);
                    Assert.Equal(channels * bits / 8, align);
                    break;
                case "fact":
                    fact = BinaryPrimitives.ReadUInt32LittleEndian(body);
                    break;
                case "data":
                    Assert.NotNull(tag);
                    Assert.Equal(file.Length, offset + 8 + size);
                    return new WavHeader(tag.Value, channels!.Value, rate!.Value, bits!.Value, align!.Value, offset + 8, size, fact);
                default:
                    break;
            }

            offset += 8 + size + (size & 1);
        }

        Assert.Fail("The WAV file has no data chunk.");
        return null!;
    }
}

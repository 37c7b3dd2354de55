using System.Buffers;
using ActorFrames.Handlers;
using ActorFrames.Workers;

namespace ActorFrames.Tests.Handlers;

public sealed class ResultCodecTests
{
    private static readonly DateTimeOffset s_when = new(2026, 11, 21, 13, 14, 15, 678, TimeSpan.FromHours(2));

    [Fact]
    public void LevelResultCodec_RoundTrip_KeepsEveryFieldIncludingInfinity()
    {
        var value = new LevelResult(s_when, TimeSpan.FromMilliseconds(500), -3.0103, double.NegativeInfinity);

        var decoded = RoundTrip(LevelResultCodec.Instance, value, out var size);

        Assert.Equal(value, decoded);
        Assert.Equal(s_when.Offset, decoded.Timestamp.Offset);
        Assert.Equal(34, size);
    }

    [Fact]
    public void SpectrumResultCodec_RoundTrip_KeepsBandsIncludingNaN()
    {
        var bands = default(OctaveBandLevels);
        for (var b = 0; b < OctaveBandLevels.Count; b++)
        {
            bands[b] = -10.5 * b;
        }

        bands[9] = double.NaN;
        var value = new SpectrumResult(s_when, TimeSpan.FromSeconds(2), 1000.25, bands);

        var decoded = RoundTrip(SpectrumResultCodec.Instance, value, out _);

        Assert.Equal(value, decoded);
        Assert.True(double.IsNaN(decoded.Bands[9]));
        Assert.Equal(-42.0, decoded.Bands[4]);
    }

    [Fact]
    public void SegmentResultCodec_RoundTrip_KeepsUnicodePath()
    {
        var value = new SegmentResult("/tmp/ségments/test-signal-segments-000001.wav", s_when, TimeSpan.FromSeconds(10));

        Assert.Equal(value, RoundTrip(SegmentResultCodec.Instance, value, out _));
    }

    [Fact]
    public void LevelResultCodec_WrongLength_ThrowsNamingLengths()
    {
        var error = Assert.Throws<FormatException>(() => LevelResultCodec.Instance.Read(new byte[33]));

        Assert.Contains("34 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("33", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentResultCodec_TooShort_Throws()
        => Assert.Throws<FormatException>(() => SegmentResultCodec.Instance.Read(new byte[5]));

    private static T RoundTrip<T>(IResultCodec<T> codec, T value, out int size)
    {
        var buffer = new ArrayBufferWriter<byte>();
        codec.Write(value, buffer);
        size = buffer.WrittenCount;
        return codec.Read(buffer.WrittenSpan);
    }
}

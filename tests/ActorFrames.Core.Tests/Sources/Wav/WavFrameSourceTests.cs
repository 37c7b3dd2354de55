using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ActorFrames.Frames;
using ActorFrames.Sources;
using ActorFrames.Sources.Wav;

namespace ActorFrames.Tests.Sources.Wav;

public sealed class WavFrameSourceTests
{
    [Theory]
    [InlineData(WavSampleFormat.U8, 1)]
    [InlineData(WavSampleFormat.S16, 2)]
    [InlineData(WavSampleFormat.S24, 3)]
    [InlineData(WavSampleFormat.S32, 6)]
    [InlineData(WavSampleFormat.F32, 2)]
    [InlineData(WavSampleFormat.F64, 8)]
    public async Task ReadAsync_WriterOutput_ReturnsTheSamplesWritten(WavSampleFormat sampleFormat, int channels)
    {
        var format = WavFormat.Create(sampleFormat, channels, 22050);
        var raw = RandomSamples(format, frames: 5000, seed: 7);
        var file = await WriteAsync(format, raw, seekable: true);

        await using var source = await WavFrameSource<float>.OpenAsync(new MemoryStream(file), new SourceId("mem"));
        var (bytes, frames) = await DrainRawAsync(format, file);

        Assert.Equal(raw, bytes);
        Assert.Equal(Math.Ceiling(5000 / 777.0), frames.Count);
        Assert.Equal(format, source.Format);
    }

    [Fact]
    public async Task ReadAsync_NonSeekableStreamedFile_ReadsToTheEnd()
    {
        var format = WavFormat.Create(WavSampleFormat.S16, 2, 8000);
        var raw = RandomSamples(format, frames: 3001, seed: 3);
        var file = await WriteAsync(format, raw, seekable: false);
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4)));

        await using var source = await WavFrameSource<short>.OpenAsync(new TrickleStream(new MemoryStream(file), maxRead: 333), new SourceId("pipe"));
        var (samples, _) = await FrameCollector.DrainAsync(source);

        Assert.Null(source.TotalFrames);
        Assert.Equal(raw, MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
    }

    [Fact]
    public async Task WriterComplete_PastRf64Threshold_WritesAnRf64FileThatReadsBack()
    {
        var format = WavFormat.Create(WavSampleFormat.F32, 2, 48000);
        var raw = RandomSamples(format, frames: 1000, seed: 11);
        var output = new MemoryStream();
        await using (var writer = await WavWriter.CreateAsync(output, format, leaveOpen: true))
        {
            writer.Rf64Threshold = 1000;
            await writer.WriteAsync<float>(MemoryMarshal.Cast<byte, float>(raw).ToArray());
        }

        var file = output.ToArray();
        Assert.Equal("RF64"u8.ToArray(), file[..4]);
        await using var source = await WavFrameSource<float>.OpenAsync(new MemoryStream(file), new SourceId("rf64"));
        var (samples, _) = await FrameCollector.DrainAsync(source);

        Assert.True(source.IsRf64);
        Assert.Equal(1000, source.TotalFrames);
        Assert.Equal(raw, MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
    }

    [Fact]
    public async Task ReadAsync_AsFloat_NormalizesIntegerSamples()
    {
        var format = WavFormat.Create(WavSampleFormat.S16, 1, 8000);
        short[] values = [0, 16384, -32768, 32767];
        var output = new MemoryStream();
        await using (var writer = await WavWriter.CreateAsync(output, format, leaveOpen: true))
        {
            await writer.WriteAsync<short>(values);
        }

        await using var source = await WavFrameSource<float>.OpenAsync(new MemoryStream(output.ToArray()), new SourceId("norm"));
        var (samples, _) = await FrameCollector.DrainAsync(source);

        Assert.Equal([0f, 0.5f, -1f, 32767 / 32768f], samples);
    }

    [Fact]
    public async Task ReadAsync_S24AsInt_IsLeftJustified()
    {
        var format = WavFormat.Create(WavSampleFormat.S24, 1, 8000);
        int[] values = [0x12345600, -256, int.MinValue];
        var output = new MemoryStream();
        await using (var writer = await WavWriter.CreateAsync(output, format, leaveOpen: true))
        {
            await writer.WriteAsync<int>(values);
        }

        await using var source = await WavFrameSource<int>.OpenAsync(new MemoryStream(output.ToArray()), new SourceId("s24"));
        var (samples, _) = await FrameCollector.DrainAsync(source);

        Assert.Equal(values, samples);
    }

    [Fact]
    public async Task ReadAsync_Frames_CarryTimestampsFromTheOriginAndRate()
    {
        var format = WavFormat.Create(WavSampleFormat.S16, 1, 3);
        var file = await WriteAsync(format, RandomSamples(format, 10, 1), seekable: true);
        var origin = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await using var source = await WavFrameSource<short>.OpenAsync(new MemoryStream(file), new SourceId("t"), new WavSourceOptions { FramesPerRead = 4, Origin = origin });
        var (_, frames) = await FrameCollector.DrainAsync(source);

        Assert.Equal([0L, 1, 2], frames.Select(f => f.Sequence));
        Assert.Equal([origin, origin.AddTicks(4 * TimeSpan.TicksPerSecond / 3), origin.AddTicks(8 * TimeSpan.TicksPerSecond / 3)], frames.Select(f => f.Timestamp));
        Assert.All(frames, f => Assert.Equal(3.0, f.SampleRate));
    }

    [Fact]
    public async Task OpenAsync_WrongElementType_ThrowsNamingTheFormat()
    {
        var format = WavFormat.Create(WavSampleFormat.S16, 1, 8000);
        var file = await WriteAsync(format, RandomSamples(format, 4, 1), seekable: true);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => WavFrameSource<int>.OpenAsync(new MemoryStream(file), new SourceId("x")));

        Assert.Contains("s16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TruncatedData_ThrowsWithTheOffset()
    {
        var format = WavFormat.Create(WavSampleFormat.S16, 2, 8000);
        var file = await WriteAsync(format, RandomSamples(format, 100, 1), seekable: true);
        var cut = file[..(file.Length - 6)];

        var error = await Assert.ThrowsAsync<SourceFormatException>(async () =>
        {
            await using var source = await WavFrameSource<short>.OpenAsync(new TrickleStream(new MemoryStream(cut)), new SourceId("cut.wav"));
            await FrameCollector.DrainAsync(source);
        });

        Assert.Equal("cut.wav", error.SourceName);
        Assert.Equal(cut.Length, error.Offset);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_SeekableTruncatedFile_ThrowsBeforeReading()
    {
        var format = WavFormat.Create(WavSampleFormat.S16, 2, 8000);
        var file = await WriteAsync(format, RandomSamples(format, 100, 1), seekable: true);

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => WavFrameSource<short>.OpenAsync(new MemoryStream(file[..^4]), new SourceId("cut.wav")));

        Assert.Contains("declares 400 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_HugeUnknownChunk_ThrowsInsteadOfAllocatingOrHanging()
    {
        byte[] file = [.. "RIFF"u8, 0xFF, 0xFF, 0xFF, 0xFF, .. "WAVE"u8, .. "LIST"u8, 0xF0, 0xFF, 0xFF, 0xFF, 1, 2, 3];

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => WavFrameSource<short>.OpenAsync(new TrickleStream(new MemoryStream(file)), new SourceId("huge")));

        Assert.Contains("'LIST'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NotAWavFile_ThrowsAtOffsetZero()
    {
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => WavFrameSource<short>.OpenAsync(new MemoryStream("OggS and more bytes"u8.ToArray()), new SourceId("x.ogg")));

        Assert.Equal(0, error.Offset);
        Assert.Contains("'OggS'", error.Message, StringComparison.Ordinal);
    }

    internal static byte[] RandomSamples(WavFormat format, int frames, int seed)
    {
        var bytes = new byte[frames * format.BlockAlign];
        new Random(seed).NextBytes(bytes);
        if (format.SampleFormat is WavSampleFormat.F32)
        {
            var floats = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
            for (var i = 0; i < floats.Length; i++)
            {
                floats[i] = (float)((i * 7919 % 2000) / 1000.0 - 1);
            }
        }
        else if (format.SampleFormat is WavSampleFormat.F64)
        {
            var doubles = MemoryMarshal.Cast<byte, double>(bytes.AsSpan());
            for (var i = 0; i < doubles.Length; i++)
            {
                doubles[i] = (i * 7919 % 2000) / 1000.0 - 1;
            }
        }

        return bytes;
    }

    internal static async Task<byte[]> WriteAsync(WavFormat format, byte[] raw, bool seekable)
    {
        var output = new MemoryStream();
        Stream target = seekable ? output : new TrickleStream(output);
        await using (var writer = await WavWriter.CreateAsync(target, format, leaveOpen: true))
        {
            switch (format.SampleFormat)
            {
                case WavSampleFormat.U8:
                    await writer.WriteAsync<byte>(raw);
                    break;
                case WavSampleFormat.S16:
                    await writer.WriteAsync<short>(MemoryMarshal.Cast<byte, short>(raw).ToArray());
                    break;
                case WavSampleFormat.S24:
                    var ints = new int[raw.Length / 3];
                    for (var i = 0; i < ints.Length; i++)
                    {
                        ints[i] = (raw[3 * i] << 8) | (raw[(3 * i) + 1] << 16) | (raw[(3 * i) + 2] << 24);
                    }

                    await writer.WriteAsync<int>(ints);
                    break;
                case WavSampleFormat.S32:
                    await writer.WriteAsync<int>(MemoryMarshal.Cast<byte, int>(raw).ToArray());
                    break;
                case WavSampleFormat.F32:
                    await writer.WriteAsync<float>(MemoryMarshal.Cast<byte, float>(raw).ToArray());
                    break;
                default:
                    await writer.WriteAsync<double>(MemoryMarshal.Cast<byte, double>(raw).ToArray());
                    break;
            }
        }

        return output.ToArray();
    }

    /// <summary>Reads a file with the native element type of its format and returns the raw little-endian bytes.</summary>
    internal static async Task<(byte[] Bytes, List<FrameInfo> Frames)> DrainRawAsync(WavFormat format, byte[] file, int framesPerRead = 777)
    {
        var options = new WavSourceOptions { FramesPerRead = framesPerRead };
        var stream = new MemoryStream(file);
        var id = new SourceId("mem");
        switch (format.SampleFormat)
        {
            case WavSampleFormat.U8:
                {
                    await using var s = await WavFrameSource<byte>.OpenAsync(stream, id, options);
                    var (e, f) = await FrameCollector.DrainAsync(s);
                    return (e, f);
                }

            case WavSampleFormat.S16:
                {
                    await using var s = await WavFrameSource<short>.OpenAsync(stream, id, options);
                    var (e, f) = await FrameCollector.DrainAsync(s);
                    return (MemoryMarshal.AsBytes(e.AsSpan()).ToArray(), f);
                }

            case WavSampleFormat.S24:
                {
                    await using var s = await WavFrameSource<int>.OpenAsync(stream, id, options);
                    var (e, f) = await FrameCollector.DrainAsync(s);
                    var bytes = new byte[e.Length * 3];
                    for (var i = 0; i < e.Length; i++)
                    {
                        Assert.Equal(0, e[i] & 0xFF);
                        bytes[3 * i] = (byte)(e[i] >> 8);
                        bytes[(3 * i) + 1] = (byte)(e[i] >> 16);
                        bytes[(3 * i) + 2] = (byte)(e[i] >> 24);
                    }

                    return (bytes, f);
                }

            case WavSampleFormat.S32:
                {
                    await using var s = await WavFrameSource<int>.OpenAsync(stream, id, options);
                    var (e, f) = await FrameCollector.DrainAsync(s);
                    return (MemoryMarshal.AsBytes(e.AsSpan()).ToArray(), f);
                }

            case WavSampleFormat.F32:
                {
                    await using var s = await WavFrameSource<float>.OpenAsync(stream, id, options);
                    var (e, f) = await FrameCollector.DrainAsync(s);
                    return (MemoryMarshal.AsBytes(e.AsSpan()).ToArray(), f);
                }

            default:
                {
                    await using var s = await WavFrameSource<double>.OpenAsync(stream, id, options);
                    var (e, f) = await FrameCollector.DrainAsync(s);
                    return (MemoryMarshal.AsBytes(e.AsSpan()).ToArray(), f);
                }
        }
    }
}

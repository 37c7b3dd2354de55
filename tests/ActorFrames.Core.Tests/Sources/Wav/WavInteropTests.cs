using System.Runtime.InteropServices;
using ActorFrames.Frames;
using ActorFrames.Sources.Wav;

namespace ActorFrames.Tests.Sources.Wav;

[Trait("Category", "Integration")]
[Trait("Requires", "ffmpeg")]
public sealed class WavInteropTests
{
    public static TheoryData<string> AlsaRecordings()
    {
        var data = new TheoryData<string>();
        var files = Directory.Exists("/usr/share/sounds/alsa") ? Directory.GetFiles("/usr/share/sounds/alsa", "*.wav") : [];
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AlsaRecordings))]
    public async Task ReadAsync_AlsaUtilsRecording_MatchesFfmpegDecode(string path)
    {
        var expected = await FfmpegProcess.DecodeRawAsync(path, "s16le");

        await using var source = await WavFrameSource<short>.OpenAsync(path);
        var (samples, frames) = await FrameCollector.DrainAsync(source);

        Assert.Equal(expected, MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
        Assert.Equal(expected.Length / source.Format.BlockAlign, source.TotalFrames);
        Assert.Equal(frames.Count - 1, frames[^1].Sequence);
    }

    [Fact]
    public void AlsaRecordings_AreInstalled()
        => Assert.True(AlsaRecordings().Count >= 5, "alsa-utils must be installed: its recordings under /usr/share/sounds/alsa are test inputs.");

    [Theory]
    [InlineData("pcm_u8", "u8", 1, WavSampleFormat.U8)]
    [InlineData("pcm_s16le", "s16le", 2, WavSampleFormat.S16)]
    [InlineData("pcm_s24le", "s24le", 2, WavSampleFormat.S24)]
    [InlineData("pcm_s32le", "s32le", 6, WavSampleFormat.S32)]
    [InlineData("pcm_f32le", "f32le", 6, WavSampleFormat.F32)]
    [InlineData("pcm_f64le", "f64le", 3, WavSampleFormat.F64)]
    public async Task ReadAsync_FfmpegWrittenFile_MatchesFfmpegRawDecode(string codec, string raw, int channels, WavSampleFormat expectedFormat)
    {
        using var dir = new TempDirectory();
        var path = await FfmpegProcess.MakeAsync(
            dir.File("made.wav"),
            "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=0.7", "-ac", channels.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:a", codec);
        var expected = await FfmpegProcess.DecodeRawAsync(path, raw);
        var file = await File.ReadAllBytesAsync(path);

        var (bytes, _) = await WavFrameSourceTests.DrainRawAsync(WavFormat.Create(expectedFormat, channels, 44100), file, framesPerRead: 1000);
        await using var source = await WavFrameSource<double>.OpenAsync(path);

        Assert.Equal(expectedFormat, source.Format.SampleFormat);
        Assert.Equal(channels, source.Channels);
        Assert.Equal(channels > 2 || expectedFormat is WavSampleFormat.S24 or WavSampleFormat.S32, source.Format.IsExtensible);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public async Task ReadAsync_FfmpegRf64AndPipedOutput_MatchFfmpegRawDecode()
    {
        using var dir = new TempDirectory();
        var rf64 = await FfmpegProcess.MakeAsync(dir.File("rf64.wav"), "-v", "error", "-f", "lavfi", "-i", "sine=duration=0.3", "-ac", "2", "-rf64", "always");
        var piped = await FfmpegProcess.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=0.3", "-ac", "2", "-f", "wav", "pipe:1");
        var expected = await FfmpegProcess.DecodeRawAsync(rf64, "s16le");

        await using var fromRf64 = await WavFrameSource<short>.OpenAsync(rf64);
        var (a, _) = await FrameCollector.DrainAsync(fromRf64);
        await using var fromPipe = await WavFrameSource<short>.OpenAsync(new TrickleStream(new MemoryStream(piped), 1000), new SourceId("pipe"));
        var (b, _) = await FrameCollector.DrainAsync(fromPipe);

        Assert.True(fromRf64.IsRf64);
        Assert.Null(fromPipe.TotalFrames);
        Assert.Equal(expected, MemoryMarshal.AsBytes(a.AsSpan()).ToArray());
        Assert.Equal(expected, MemoryMarshal.AsBytes(b.AsSpan()).ToArray());
    }

    [Theory]
    [InlineData(WavSampleFormat.S24, 6, "s24le")]
    [InlineData(WavSampleFormat.F32, 2, "f32le")]
    [InlineData(WavSampleFormat.U8, 1, "u8")]
    public async Task WavWriter_Output_DecodesIdenticallyInFfmpeg(WavSampleFormat sampleFormat, int channels, string raw)
    {
        using var dir = new TempDirectory();
        var format = WavFormat.Create(sampleFormat, channels, 16000, channels == 6 ? 0x3Fu : 0u);
        var samples = WavFrameSourceTests.RandomSamples(format, 4001, seed: 5);
        var path = dir.File("ours.wav");
        await File.WriteAllBytesAsync(path, await WavFrameSourceTests.WriteAsync(format, samples, seekable: true));

        var decoded = await FfmpegProcess.DecodeRawAsync(path, raw);
        var probe = System.Text.Encoding.UTF8.GetString(await FfmpegProcess.RunAsync("ffprobe", "-v", "error", "-show_entries", "stream=channels,sample_rate", "-of", "csv=p=0", path));

        Assert.Equal(samples, decoded);
        Assert.Equal($"16000,{channels}", probe.Trim());
    }
}

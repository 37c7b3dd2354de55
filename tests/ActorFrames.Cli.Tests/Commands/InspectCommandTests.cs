using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;

namespace ActorFrames.Tests.Commands;

[Trait("Category", "Integration")]
public sealed class InspectCommandTests : IDisposable
{
    private const string AlsaRecording = "/usr/share/sounds/alsa/Front_Center.wav";
    private const string FreedesktopSound = "/usr/share/sounds/freedesktop/stereo/bell.oga";

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);
    private readonly string _folder = Directory.CreateTempSubdirectory("actorframes-inspect-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    [Trait("Requires", "ffmpeg")]
    public async Task Inspect_AlsaRecording_PrintsItsRateChannelsAndWavHeader()
    {
        var header = File.ReadAllBytes(Recording(AlsaRecording))[..44];
        Assert.True(header.AsSpan(12, 4).SequenceEqual("fmt "u8), "the recording should have a canonical 44-byte header");
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(22));
        var rate = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(24));
        var dataBytes = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(40));
        Assert.Equal((48_000, 1), (rate, (int)channels));

        using var cli = CliProcess.Start(_folder, "inspect", AlsaRecording);
        var lines = await SucceedAsync(cli);
        Assert.Contains("Format: wav (WAV / WAVE (Waveform Audio))", lines);
        Assert.Contains("Stream #0: audio pcm_s16le (PCM signed 16-bit little-endian)", lines);
        Assert.Contains($"Sample rate: {rate} Hz", lines);
        Assert.Contains($"Channels: {channels}", lines);
        Assert.Contains("Sample format: s16", lines);
        Assert.Contains("Format tag: 0x0001 (PCM)", lines);
        Assert.Contains("Extensible: no", lines);
        Assert.Contains("Bits per sample: 16", lines);
        Assert.Contains("RF64: no", lines);
        Assert.Contains($"Data: {dataBytes} bytes at offset 44 ({dataBytes / 2} sample frames)", lines);
    }

    [Fact]
    [Trait("Requires", "ffmpeg")]
    public async Task Inspect_FreedesktopOggVorbis_PrintsItsRateAndChannelsAndNoWavHeader()
    {
        using var cli = CliProcess.Start(_folder, "inspect", Recording(FreedesktopSound));

        var lines = await SucceedAsync(cli);
        Assert.Contains("Format: ogg (Ogg)", lines);
        Assert.Contains("Stream #0: audio vorbis (Vorbis)", lines);
        Assert.Contains("Sample rate: 44100 Hz", lines);
        Assert.Contains("Channels: 2 (stereo)", lines);
        Assert.Contains("Sample format: fltp", lines);
        Assert.DoesNotContain("WAV header:", lines);
    }

    [Fact]
    [Trait("Requires", "ffmpeg")]
    public async Task Inspect_JsonOfAnExtensibleRf64WavWithATitle_DescribesStreamTagsAndHeader()
    {
        var wav = Path.Combine(_folder, "three-channels.wav");
        await FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=440:duration=0.2:sample_rate=22050", "-ac", "3", "-c:a", "pcm_s24le", "-rf64", "always", "-metadata", "title=ActorFrames test", wav);

        using var cli = CliProcess.Start(_folder, "inspect", wav, "--json");
        var exit = await cli.WaitAsync(s_timeout);

        Assert.True(exit == 0, $"exit {exit}\n{cli.Output}\n{cli.Error}");
        using var json = JsonDocument.Parse(cli.Output);
        var root = json.RootElement;
        Assert.Equal("wav", root.GetProperty("format").GetProperty("name").GetString());
        Assert.Equal("ActorFrames test", root.GetProperty("format").GetProperty("tags").GetProperty("title").GetString());
        var stream = Assert.Single(root.GetProperty("streams").EnumerateArray().ToList());
        Assert.Equal("pcm_s24le", stream.GetProperty("codec").GetString());
        Assert.Equal(22_050, stream.GetProperty("sampleRate").GetInt32());
        Assert.Equal(3, stream.GetProperty("channels").GetInt32());
        Assert.Equal(0.2, stream.GetProperty("durationSeconds").GetDouble(), 3);
        var header = root.GetProperty("wav");
        Assert.Equal(0xFFFE, header.GetProperty("formatTag").GetInt32());
        Assert.True(header.GetProperty("extensible").GetBoolean());
        Assert.True(header.GetProperty("rf64").GetBoolean());
        Assert.Equal(24, header.GetProperty("bitsPerSample").GetInt32());
        Assert.Equal(4_410, header.GetProperty("sampleFrames").GetInt64());
    }

    [Fact]
    [Trait("Requires", "ffmpeg")]
    public async Task Inspect_Video_PrintsItsSizeAndFrameRate()
    {
        var video = Path.Combine(_folder, "pattern.mkv");
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=0.5", "-c:v", "mpeg4", video);

        using var cli = CliProcess.Start(_folder, "inspect", video);
        var lines = await SucceedAsync(cli);
        Assert.Contains("Stream #0: video mpeg4 (MPEG-4 part 2)", lines);
        Assert.Contains("Size: 64x48", lines);
        Assert.Contains("Frame rate: 10 fps", lines);
        Assert.Contains("Pixel format: yuv420p", lines);
    }

    [Fact]
    public async Task Inspect_WavOnStandardInput_PrintsTheHeaderFacts()
    {
        // Only the header is read: more than a pipe's 64 KiB would break the pipe when inspect exits without reading it.
        using var cli = CliProcess.StartWithInput(_folder, File.ReadAllBytes(Recording(AlsaRecording))[..4096], "inspect", "-");

        var lines = await SucceedAsync(cli);
        Assert.Contains("Input: stdin", lines);
        Assert.Contains("Sample rate: 48000 Hz", lines);
        Assert.Contains("Channels: 1", lines);
        Assert.Contains("Format tag: 0x0001 (PCM)", lines);
    }

    [Fact]
    public async Task Inspect_NotAWavOnStandardInput_ExitsOneNamingStdinAndTheOffset()
    {
        using var cli = CliProcess.StartWithInput(_folder, "OggS and more bytes"u8.ToArray(), "inspect", "-");

        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(1, exit);
        Assert.Contains("stdin, byte offset 0: expected 'RIFF', 'RF64' or 'BW64'", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requires", "ffmpeg")]
    public async Task Inspect_FilterGraphWithAnInputFormat_DescribesTheGeneratedStream()
    {
        using var cli = CliProcess.Start(_folder, "inspect", "--format", "lavfi", "sine=frequency=1000:sample_rate=16000:duration=1");

        var lines = await SucceedAsync(cli);
        Assert.Contains("Format: lavfi (Libavfilter virtual input device)", lines);
        Assert.Contains("Sample rate: 16000 Hz", lines);
        Assert.Contains("Channels: 1 (mono)", lines);
    }

    [Fact]
    public async Task Inspect_MissingFile_ExitsOneWithOneLineNamingIt()
    {
        using var cli = CliProcess.Start(_folder, "inspect", "no-such-recording.wav");

        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(1, exit);
        var error = Assert.Single(cli.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'no-such-recording.wav': no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requires", "ffmpeg")]
    public async Task Inspect_UnreadableInput_ExitsOneWithOneLineNamingIt()
    {
        var junk = Path.Combine(_folder, "junk.bin");
        File.WriteAllBytes(junk, [.. Enumerable.Range(0, 512).Select(i => (byte)((i * 151) + 7))]);

        using var cli = CliProcess.Start(_folder, "inspect", junk);
        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(1, exit);
        var error = Assert.Single(cli.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(junk, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "inspect", "--bogus", "x.wav" }, "--bogus")]
    [InlineData(new[] { "inspect", "" }, "INPUT must not be empty")]
    [InlineData(new[] { "inspect", "--format", " ", "x" }, "--format")]
    [InlineData(new[] { "inspect" }, "'inspect'")]
    public async Task Inspect_BadArgument_ExitsTwoNamingIt(string[] arguments, string named)
    {
        using var cli = CliProcess.Start(_folder, arguments);

        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(2, exit);
        Assert.Contains(named, cli.Error, StringComparison.Ordinal);
    }

    private static string Recording(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing: install alsa-utils and sound-theme-freedesktop");
        return path;
    }

    private static async Task FfmpegAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_timeout);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"ffmpeg {string.Join(' ', arguments)} failed: {await error}");
    }

    /// <summary>Waits for the command, checks that it exited 0 (showing its output if not), and returns its trimmed output lines.</summary>
    private static async Task<List<string>> SucceedAsync(CliProcess cli)
    {
        var exit = await cli.WaitAsync(s_timeout);
        Assert.True(exit == 0, $"exit {exit}\n{cli.Output}\n{cli.Error}");
        return [.. cli.Output.Split('\n').Select(static l => l.Trim())];
    }
}

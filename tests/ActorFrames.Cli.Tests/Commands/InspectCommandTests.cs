using System.Globalization;
using ActorFrames.Cli.Commands;
using ActorFrames.Sources.Wav;

namespace ActorFrames.Tests.Commands;

public sealed class InspectCommandTests : IDisposable
{
    private const string AlsaRecording = "/usr/share/sounds/alsa/Front_Center.wav";
    private const string FreedesktopRecording = "/usr/share/sounds/freedesktop/stereo/bell.oga";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("actorframes-inspect-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task InspectAsync_GeneratedWav_PrintsRateChannelsFormatAndDuration()
    {
        var path = Path.Combine(_folder.FullName, "tone.wav");
        var writer = await WavWriter.CreateAsync(path, WavFormat.Create(WavSampleFormat.S16, 2, 22_050));
        await using (writer)
        {
            await writer.WriteAsync<short>(new short[22_050]);
        }

        var (code, output, error) = await InspectAsync(path);

        Assert.True(code == 0, error);
        Assert.Contains("Container:     WAV", output, StringComparison.Ordinal);
        Assert.Contains("Sample rate:   22050 Hz", output, StringComparison.Ordinal);
        Assert.Contains("Channels:      2", output, StringComparison.Ordinal);
        Assert.Contains("Sample format: s16 (16 bits)", output, StringComparison.Ordinal);
        Assert.Contains("Duration:      0.5 s (11025 frames)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_MissingFile_ReturnsTwoNamingTheInput()
    {
        var (code, output, error) = await InspectAsync("no-such-input.wav");

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("INPUT 'no-such-input.wav': no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_TruncatedWav_ReturnsOneWithAOneLineCause()
    {
        var path = Path.Combine(_folder.FullName, "broken.wav");
        await File.WriteAllBytesAsync(path, "RIFF\u0024\0\0\0WAVEfmt "u8.ToArray());

        var (code, _, error) = await InspectAsync(path);

        Assert.Equal(1, code);
        Assert.StartsWith($"actorframes inspect '{path}' failed: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task InspectAsync_OggRecording_DescribesItThroughFfprobe()
    {
        Assert.True(File.Exists(FreedesktopRecording), $"{FreedesktopRecording} is missing: install sound-theme-freedesktop (.ci/run does).");

        var (code, output, error) = await InspectAsync(FreedesktopRecording);

        Assert.True(code == 0, error);
        Assert.Contains("Sample rate:   44100 Hz", output, StringComparison.Ordinal);
        Assert.Contains("Channels:      2 (stereo)", output, StringComparison.Ordinal);
        Assert.Contains("Stream #0:     audio, vorbis", output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Inspect_RealRecordingAsAProcess_PrintsRateAndChannels()
    {
        Assert.True(File.Exists(AlsaRecording), $"{AlsaRecording} is missing: install alsa-utils (.ci/run does).");
        using var cli = CliProcess.Start(_folder.FullName, "inspect", AlsaRecording);

        var code = await cli.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 0, $"inspect exited {code}: {cli.Error}");
        Assert.Contains("Sample rate:   48000 Hz", cli.Output, StringComparison.Ordinal);
        Assert.Contains("Channels:      1", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Inspect_NoInputAsAProcess_ExitsTwoNamingTheMissingArgument()
    {
        using var cli = CliProcess.Start(_folder.FullName, "inspect");

        var code = await cli.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains("Required argument missing for command: 'inspect'", cli.Error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> InspectAsync(string input)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await InspectCommand.InspectAsync(input, null, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}

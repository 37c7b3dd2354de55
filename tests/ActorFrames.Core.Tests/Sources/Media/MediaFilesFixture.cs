namespace ActorFrames.Tests.Sources.Media;

/// <summary>Media files the tests make with ffmpeg once per test class (and delete afterwards).</summary>
public sealed class MediaFilesFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>2 s of 64x48 testsrc video at 10 fps (ffv1) and a 440 Hz tone at 16 kHz mono (flac), titled "ActorFrames test".</summary>
    public string AudioVideo => _dir.File("av.mkv");

    /// <summary>3 s of a stereo 44.1 kHz chirp-like tone pair as 16-bit WAV.</summary>
    public string Stereo => _dir.File("stereo.wav");

    public string Directory => _dir.Path;

    public async Task InitializeAsync()
    {
        await FfmpegProcess.MakeAsync(
            AudioVideo,
            "-v", "error",
            "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=2",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=2",
            "-map", "0:v", "-map", "1:a", "-c:v", "ffv1", "-c:a", "flac", "-metadata", "title=ActorFrames test");
        await FfmpegProcess.MakeAsync(
            Stereo,
            "-v", "error",
            "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=44100:duration=3",
            "-f", "lavfi", "-i", "sine=frequency=1234:sample_rate=44100:duration=3",
            "-filter_complex", "[0:a][1:a]amerge=inputs=2", "-c:a", "pcm_s16le");
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();
}

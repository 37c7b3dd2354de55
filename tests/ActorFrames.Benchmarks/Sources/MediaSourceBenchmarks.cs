using System.Diagnostics;
using ActorFrames.Sources.Media;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Sources;

/// <summary>
/// The cost of the media source over ffmpeg alone: decoding 30 minutes of stereo 44.1 kHz FLAC to f32 samples,
/// (a) ffmpeg writing raw samples to its standard output, read and discarded (the baseline) and (b) the media source
/// with 4096-frame chunks, with and without the ffprobe run that precedes decoding. Overhead = Ratio - 1.
/// </summary>
/// <remarks>The machine is shared, so the minimum (least disturbed) time is shown next to the mean.</remarks>
[MemoryDiagnoser]
[MinColumn]
public class MediaSourceBenchmarks
{
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"actorframes-mediabench-{Environment.ProcessId}.flac");
        using var process = Process.Start("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=1800", "-ac", "2", "-c:a", "flac", "-y", _path]);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg could not make the benchmark input.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true)]
    public async Task<long> FfmpegAlone()
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (ReadOnlySpan<string>)["-nostdin", "-v", "error", "-i", _path, "-map", "0:0", "-ar", "44100", "-ac", "2", "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1"])
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await process.StandardOutput.BaseStream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        await process.WaitForExitAsync();
        return total;
    }

    [Benchmark]
    public Task<long> MediaSourceFloat() => DrainAsync(probe: true);

    [Benchmark]
    public Task<long> MediaSourceFloatNoProbe() => DrainAsync(probe: false);

    private async Task<long> DrainAsync(bool probe)
    {
        await using var source = new MediaSource(new MediaSourceOptions { Input = _path, Origin = DateTimeOffset.UnixEpoch, ProbeInput = probe });
        var audio = source.AddAudioStream<float>(new AudioOutputOptions { FramesPerChunk = 4096, BufferChunkSize = -1, SampleRate = 44100, Channels = 2 });
        long total = 0;
        while (await audio.ReadAsync() is { } frame)
        {
            total += frame.Length * sizeof(float);
            frame.Release();
        }

        return total;
    }
}

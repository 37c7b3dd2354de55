using ActorFrames.Sources.Media;

namespace ActorFrames.Tests.Sources.Media;

/// <summary>
/// A device that is busy for a while is simulated by a stand-in for ffmpeg (a shell script) that fails like ffmpeg does
/// on a busy ALSA device a given number of times, then runs the real ffmpeg. Time is a manual clock.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Requires", "ffmpeg")]
public sealed class MediaSourceRetryTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task ReadAsync_DeviceBusyTwice_RetriesWithDoublingBackoffThenDecodes()
    {
        var ffmpeg = await BusyFfmpegAsync(failures: 2);
        await using var source = new MediaSource(DeviceOptions(ffmpeg, TimeSpan.FromSeconds(5)), timeProvider: _clock);
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { SampleRate = 8000, Channels = 1, FramesPerChunk = 800, BufferChunkSize = -1 });

        var reading = audio.ReadAsync().AsTask();
        await _clock.TimerCreated(s_timeout, "the first backoff after the device reported busy");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        await _clock.TimerCreated(s_timeout, "the second backoff");
        Assert.False(reading.IsCompleted, "no frame can arrive while the device is busy");
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        var frame = await reading.WaitAsync(s_timeout);

        Assert.NotNull(frame);
        Assert.Equal(800, frame.Length);
        Assert.Equal(3, source.Attempts);
        Assert.Equal(2, _clock.TimersCreated);
        frame.Release();
    }

    [Fact]
    public async Task ReadAsync_DeviceBusyPastTheTimeout_ThrowsWithTheDevicesError()
    {
        var ffmpeg = await BusyFfmpegAsync(failures: int.MaxValue);
        await using var source = new MediaSource(DeviceOptions(ffmpeg, TimeSpan.FromMilliseconds(250)), timeProvider: _clock);
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { SampleRate = 8000, Channels = 1 });

        var reading = audio.ReadAsync().AsTask();
        await _clock.TimerCreated(s_timeout, "the 100 ms backoff");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        await _clock.TimerCreated(s_timeout, "the last backoff, cut from 200 ms to the 150 ms left before the 250 ms timeout");
        _clock.Advance(TimeSpan.FromMilliseconds(150));

        var error = await Assert.ThrowsAsync<IOException>(() => reading.WaitAsync(s_timeout));
        Assert.Contains("Device or resource busy", error.Message, StringComparison.Ordinal);
        Assert.Contains("attempt 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _clock.TimersCreated);
    }

    [Fact]
    public async Task ReadAsync_NoRetryConfigured_FailsOnTheFirstBusyError()
    {
        var ffmpeg = await BusyFfmpegAsync(failures: 1);
        var options = DeviceOptions(ffmpeg, TimeSpan.FromSeconds(5));
        options.RetryTimeout = null;
        await using var source = new MediaSource(options, timeProvider: _clock);
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { SampleRate = 8000, Channels = 1 });

        var error = await Assert.ThrowsAsync<IOException>(() => audio.ReadAsync().AsTask().WaitAsync(s_timeout));

        Assert.Contains("attempt 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _clock.TimersCreated);
    }

    [Fact]
    public async Task ReadAsync_LiveDeviceFailsMidStream_RestartsAndStampsTheNewSamplesFromTheClock()
    {
        var ffmpeg = await BusyFfmpegAsync(failures: 1, afterData: true);
        await using var source = new MediaSource(DeviceOptions(ffmpeg, TimeSpan.FromSeconds(5)), timeProvider: _clock);
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { SampleRate = 8000, Channels = 1, FramesPerChunk = 800, BufferChunkSize = -1 });

        var frames = new List<(long Sequence, DateTimeOffset Timestamp)>();
        for (var i = 0; i < 10; i++)
        {
            var frame = await audio.ReadAsync().AsTask().WaitAsync(s_timeout);
            frames.Add((frame!.Sequence, frame.Timestamp));
            frame.Release();
        }

        await _clock.TimerCreated(s_timeout, "the backoff after the device failed mid-stream");
        _clock.Advance(TimeSpan.FromSeconds(7));
        while (await audio.ReadAsync().AsTask().WaitAsync(s_timeout) is { } frame)
        {
            frames.Add((frame.Sequence, frame.Timestamp));
            frame.Release();
        }

        var restart = _clock.Start.AddSeconds(7);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), frames.Select(f => f.Sequence));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => _clock.Start.AddSeconds(i / 10.0)), frames.Take(10).Select(f => f.Timestamp));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => restart.AddSeconds(i / 10.0)), frames.Skip(10).Select(f => f.Timestamp));
        Assert.Equal(2, source.Attempts);
    }

    public void Dispose()
    {
        _clock.Dispose();
        _dir.Dispose();
    }

    private static MediaSourceOptions DeviceOptions(string ffmpeg, TimeSpan retryTimeout) => new()
    {
        Input = "sine=frequency=500:sample_rate=8000:duration=1",
        InputFormat = "lavfi",
        FfmpegPath = ffmpeg,
        ProbeInput = false,
        RetryTimeout = retryTimeout,
        RetryBackoff = TimeSpan.FromMilliseconds(100),
        MaxRetryBackoff = TimeSpan.FromSeconds(1),
    };

    private async Task<string> BusyFfmpegAsync(int failures, bool afterData = false)
    {
        var counter = _dir.File("attempts");
        var script = _dir.File("ffmpeg");
        var real = "/usr/bin/ffmpeg";
        Assert.True(File.Exists(real), "the retry tests wrap the real ffmpeg at /usr/bin/ffmpeg");
        var beforeFailing = afterData ? real + " \"$@\"" : ":";
        await File.WriteAllTextAsync(script, $$"""
            #!/bin/sh
            n=$(cat '{{counter}}' 2>/dev/null || echo 0)
            n=$((n+1))
            echo $n > '{{counter}}'
            if [ $n -le {{Math.Min(failures, 1_000_000)}} ]; then
              {{beforeFailing}}
              echo "[alsa @ 0x55d0] cannot open audio device hw:1 (Device or resource busy)" >&2
              echo "hw:1: Device or resource busy" >&2
              exit 1
            fi
            exec {{real}} "$@"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }
}

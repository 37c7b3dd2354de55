using System.Runtime.InteropServices;
using ActorFrames.Sources.Media;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Tests.Sources.Media;

[Trait("Category", "Integration")]
[Trait("Requires", "ffmpeg")]
public sealed class MediaSourceTests(MediaFilesFixture files) : IClassFixture<MediaFilesFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset s_origin = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ProbeAsync_RealRecordingsAndMadeFile_ReportCodecRateChannelsDurationAndMetadata()
    {
        var wav = await MediaProbe.ProbeAsync(new MediaSourceOptions { Input = "/usr/share/sounds/alsa/Front_Center.wav" });
        var oga = await MediaProbe.ProbeAsync(new MediaSourceOptions { Input = "/usr/share/sounds/freedesktop/stereo/bell.oga" });
        var av = await MediaProbe.ProbeAsync(new MediaSourceOptions { Input = files.AudioVideo });

        Assert.Equal(("wav", "pcm_s16le", 48000, 1), (wav.FormatName, wav.DefaultAudio!.Codec, wav.DefaultAudio.SampleRate, wav.DefaultAudio.Channels));
        Assert.Equal(1.428, wav.Duration!.Value.TotalSeconds, 3);
        Assert.Equal(("ogg", "vorbis", 44100, 2), (oga.FormatName, oga.DefaultAudio!.Codec, oga.DefaultAudio.SampleRate, oga.DefaultAudio.Channels));
        Assert.Equal(("ffv1", 64, 48, 10.0), (av.DefaultVideo!.Codec, av.DefaultVideo.Width, av.DefaultVideo.Height, av.DefaultVideo.FrameRate));
        Assert.Equal(("flac", 16000), (av.DefaultAudio!.Codec, av.DefaultAudio.SampleRate));
        Assert.Equal("ActorFrames test", av.Metadata["title"]);
        Assert.Equal(2.0, av.Duration!.Value.TotalSeconds, 1);
    }

    [Fact]
    public async Task ReadAsync_FreedesktopVorbis_MatchesFfmpegDecode()
    {
        const string path = "/usr/share/sounds/freedesktop/stereo/complete.oga";
        var expected = await FfmpegProcess.DecodeRawAsync(path, "f32le");

        await using var source = new MediaSource(new MediaSourceOptions { Input = path, Origin = s_origin });
        var audio = source.AddAudioStream<float>(new AudioOutputOptions { FramesPerChunk = 1024, BufferChunkSize = -1 });
        var lengths = new List<int>();
        var samples = new List<float>();
        while (await audio.ReadAsync().AsTask().WaitAsync(s_timeout) is { } frame)
        {
            lengths.Add(frame.Length);
            samples.AddRange(frame.Span.ToArray());
            frame.Release();
        }

        Assert.Equal(expected, MemoryMarshal.AsBytes(samples.ToArray().AsSpan()).ToArray());
        Assert.Equal(2, audio.Channels);
        Assert.Equal("vorbis", audio.SourceStream!.Codec);
        Assert.All(lengths[..^1], l => Assert.Equal(1024 * 2, l));
    }

    [Fact]
    public async Task ReadAsync_ResampledAlsaRecording_ChunksWithExactTimestampsAndAPartialTail()
    {
        const string path = "/usr/share/sounds/alsa/Front_Left.wav";
        var expected = await FfmpegProcess.DecodeRawAsync(path, "s16le", "-ar", "8000", "-ac", "1");

        await using var source = new MediaSource(new MediaSourceOptions { Input = path, Origin = s_origin });
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { FramesPerChunk = 1000, BufferChunkSize = -1, SampleRate = 8000, Channels = 1 });
        var lengths = new List<int>();
        var stamps = new List<DateTimeOffset>();
        var all = new List<short>();
        while (await audio.ReadAsync().AsTask().WaitAsync(s_timeout) is { } frame)
        {
            lengths.Add(frame.Length);
            stamps.Add(frame.Timestamp);
            Assert.Equal(lengths.Count - 1, frame.Sequence);
            all.AddRange(frame.Span.ToArray());
            frame.Release();
        }

        Assert.Equal(expected, MemoryMarshal.AsBytes(all.ToArray().AsSpan()).ToArray());
        Assert.Equal(("pcm_s16le", 48000), (audio.SourceStream!.Codec, audio.SourceStream.SampleRate)); // probed alongside decoding
        Assert.Equal(1, source.Attempts);
        Assert.All(lengths[..^1], l => Assert.Equal(1000, l));
        Assert.InRange(lengths[^1], 1, 999);
        Assert.Equal(Enumerable.Range(0, stamps.Count).Select(i => s_origin.AddSeconds(i * 1000 / 8000.0)), stamps);
    }

    [Fact]
    public async Task ReadAsync_ThreeOutputsFromOneSource_EachMatchesItsOwnFfmpegDecode()
    {
        var floats = await FfmpegProcess.DecodeRawAsync(files.AudioVideo, "f32le", "-map", "0:a");
        var shorts = await FfmpegProcess.DecodeRawAsync(files.AudioVideo, "s16le", "-map", "0:a", "-ar", "8000");
        var images = await FfmpegProcess.DecodeRawAsync(files.AudioVideo, "rawvideo", "-map", "0:v", "-pix_fmt", "gray");

        await using var source = new MediaSource(new MediaSourceOptions { Input = files.AudioVideo, Origin = s_origin });
        var a = source.AddAudioStream<float>(new AudioOutputOptions { FramesPerChunk = 1000, BufferChunkSize = -1 });
        var b = source.AddAudioStream<short>(new AudioOutputOptions { FramesPerChunk = 300, BufferChunkSize = -1, SampleRate = 8000 });
        var v = source.AddVideoStream(new VideoOutputOptions { FramesPerChunk = 3, BufferChunkSize = -1, PixelFormat = "gray" });

        // With BufferChunkSize -1 the decoder waits for every reader, so the outputs are read concurrently.
        var drains = await Task.WhenAll(
            Task.Run(async () => MemoryMarshal.AsBytes((await FrameCollector.DrainAsync(a)).Elements.AsSpan()).ToArray()),
            Task.Run(async () => MemoryMarshal.AsBytes((await FrameCollector.DrainAsync(b)).Elements.AsSpan()).ToArray()),
            Task.Run(async () => (await FrameCollector.DrainAsync(v)).Elements)).WaitAsync(s_timeout);

        Assert.Equal(floats, drains[0]);
        Assert.Equal(shorts, drains[1]);
        Assert.Equal(images, drains[2]);
        Assert.Equal((64, 48, 64 * 48, 10.0), (v.Width, v.Height, v.Channels, v.SampleRate));
    }

    [Fact]
    public async Task ReadAsync_VideoFrames_HoldWholeImagesStampedByFrameRate()
    {
        await using var source = new MediaSource(new MediaSourceOptions { Input = files.AudioVideo, Origin = s_origin });
        var video = source.AddVideoStream(new VideoOutputOptions { FramesPerChunk = 4, BufferChunkSize = -1, Width = 32, Height = 24, FrameRate = 5 });
        var expected = await FfmpegProcess.DecodeRawAsync(files.AudioVideo, "rawvideo", "-map", "0:v", "-vf", "fps=5,scale=32:24", "-pix_fmt", "rgb24");

        var (bytes, frames) = await FrameCollector.DrainAsync(video).WaitAsync(s_timeout);

        Assert.Equal(expected, bytes);
        Assert.Equal(32 * 24 * 3, video.Channels);
        Assert.Equal([s_origin, s_origin.AddSeconds(0.8), s_origin.AddSeconds(1.6)], frames.Select(f => f.Timestamp));
    }

    [Fact]
    public async Task ReadAsync_ReaderLagging_DropsOldestChunksKeepsTimestampsAndWarnsOnce()
    {
        var logger = new ListLogger<MediaSource>();
        var expected = await FfmpegProcess.DecodeRawAsync(files.AudioVideo, "s16le", "-map", "0:a");
        await using var source = new MediaSource(new MediaSourceOptions { Input = files.AudioVideo, Origin = s_origin }, logger);
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { FramesPerChunk = 300, BufferChunkSize = 2 });

        await source.StartAsync();
        await source.Completion.WaitAsync(s_timeout);
        var (samples, frames) = await FrameCollector.DrainAsync(audio).WaitAsync(s_timeout);

        var total = expected.Length / 2;
        var chunks = (total + 299) / 300;
        Assert.Equal([chunks - 2L, chunks - 1L], frames.Select(f => f.Sequence));
        Assert.Equal(chunks - 2, audio.ChunksDropped);
        Assert.Equal(s_origin.AddTicks((chunks - 2) * 300 * TimeSpan.TicksPerSecond / 16000), frames[0].Timestamp);
        Assert.Equal(expected.AsSpan((chunks - 2) * 600).ToArray(), MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
        Assert.Single(logger.Entries, e => e.EventId == 7101 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task ReadAsync_Unchunked_EmitsWhatIsDecodedAndLosesNothing()
    {
        var expected = await FfmpegProcess.DecodeRawAsync(files.Stereo, "s32le");
        await using var source = new MediaSource(new MediaSourceOptions { Input = files.Stereo });
        var audio = source.AddAudioStream<int>(new AudioOutputOptions { FramesPerChunk = -1, BufferChunkSize = -1 });

        var (samples, frames) = await FrameCollector.DrainAsync(audio).WaitAsync(s_timeout);

        Assert.Equal(expected, MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
        Assert.True(frames.Count > 1, "a 3 s file decodes in more than one read");
    }

    [Fact]
    public async Task StartAt_And_SeekAsync_RestartAtTheTimestamp()
    {
        var fromOne = await FfmpegProcess.RunAsync("ffmpeg", "-v", "error", "-ss", "1", "-i", files.Stereo, "-f", "s16le", "pipe:1");
        var fromHalf = await FfmpegProcess.RunAsync("ffmpeg", "-v", "error", "-ss", "0.5", "-i", files.Stereo, "-f", "s16le", "pipe:1");

        await using var source = new MediaSource(new MediaSourceOptions { Input = files.Stereo, Origin = s_origin, StartAt = TimeSpan.FromSeconds(1) });
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { FramesPerChunk = 441, BufferChunkSize = -1 });
        var first = await audio.ReadAsync().AsTask().WaitAsync(s_timeout);
        await source.SeekAsync(TimeSpan.FromSeconds(0.5)).WaitAsync(s_timeout);
        var afterSeek = await audio.ReadAsync().AsTask().WaitAsync(s_timeout);

        Assert.Equal(s_origin.AddSeconds(1), first!.Timestamp);
        Assert.Equal(fromOne.AsSpan(0, 441 * 4).ToArray(), MemoryMarshal.AsBytes(first.Span).ToArray());
        Assert.Equal(s_origin.AddSeconds(0.5), afterSeek!.Timestamp);
        Assert.Equal(fromHalf.AsSpan(0, 441 * 4).ToArray(), MemoryMarshal.AsBytes(afterSeek.Span).ToArray());
        Assert.True(afterSeek.Sequence > first.Sequence);
        first.Release();
        afterSeek.Release();
    }

    [Fact]
    public async Task DisposeAsync_WhileAReadWaitsOnALiveInput_StopsFfmpegAndEndsTheRead()
    {
        var options = new MediaSourceOptions { Input = "sine=frequency=300:sample_rate=8000", InputFormat = "lavfi", ProbeInput = false };
        options.InputOptions["re"] = string.Empty;
        var source = new MediaSource(options);
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { SampleRate = 8000, Channels = 1, FramesPerChunk = 80_000 });
        await source.StartAsync();

        // 10 s of real-time input per chunk: this read is still waiting when the source is disposed.
        var reading = audio.ReadAsync().AsTask();
        await source.DisposeAsync().AsTask().WaitAsync(s_timeout);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => reading.WaitAsync(s_timeout));
        Assert.True(source.Completion.IsCompleted, "the decoder run must have ended");
    }

    [Theory]
    [InlineData("/nonexistent/bin/ffmpeg", "does not exist")]
    [InlineData("ffmpeg-not-installed-anywhere", "not found on PATH")]
    public async Task ReadAsync_FfmpegMissing_ThrowsNamingTheFixAndTheSetting(string path, string problem)
    {
        await using var source = new MediaSource(new MediaSourceOptions { Input = files.Stereo, FfmpegPath = path, ProbeInput = false });
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { SampleRate = 8000, Channels = 1 });

        var error = await Assert.ThrowsAsync<FileNotFoundException>(async () => await audio.ReadAsync());

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install ffmpeg", error.Message, StringComparison.Ordinal);
        Assert.Contains("FfmpegPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnreadableInput_ThrowsWithFfmpegsError()
    {
        var missing = Path.Combine(files.Directory, "missing.wav");
        await using var source = new MediaSource(new MediaSourceOptions { Input = missing, ProbeInput = false });
        var audio = source.AddAudioStream<short>(new AudioOutputOptions { SampleRate = 8000, Channels = 1 });

        var error = await Assert.ThrowsAsync<IOException>(async () => await audio.ReadAsync().AsTask().WaitAsync(s_timeout));

        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}

using System.Runtime.CompilerServices;
using ActorFrames.Frames;
using ActorFrames.Hosting;
using ActorFrames.Sources;
using ActorFrames.Sources.Generators;
using ActorFrames.Sources.Media;
using ActorFrames.Sources.Wav;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Cli.Run;

/// <summary>Opens the input of <c>actorframes run</c> as float frames.</summary>
internal static class RunSources
{
    /// <summary>Opens <paramref name="options"/>' input.</summary>
    /// <param name="options">The source options (input, realtime, duration, rate, seed).</param>
    /// <param name="loggerFactory">Loggers.</param>
    /// <param name="cancellationToken">Ends the input.</param>
    /// <returns>The input's display name and its frames.</returns>
    public static (string Name, IAsyncEnumerable<Frame<float>> Frames) Open(SourceOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var input = options.Input;
        if (input == SourceOptions.Generator)
        {
            var signal = new TestSignal(new TestSignalOptions
            {
                SampleRate = options.SampleRate,
                Duration = options.Duration ?? TimeSpan.FromSeconds(60),
                Seed = options.Seed,
                Realtime = options.Realtime,
            });
            return ("test signal", signal.ReadAsync(cancellationToken));
        }

        IAsyncEnumerable<Frame<float>> frames;
        if (input.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) && File.Exists(input))
        {
            frames = ReadWavAsync(input, cancellationToken);
        }
        else
        {
            var media = new MediaSourceOptions { Input = input, RetryTimeout = TimeSpan.FromSeconds(10) };
            if (input == "mic")
            {
                media.Input = "default";
                media.InputFormat = "alsa";
            }
            else if (input == "-")
            {
                media.Input = "pipe:0";
            }
            else if (!input.Contains("://", StringComparison.Ordinal) && !File.Exists(input))
            {
                throw new FileNotFoundException($"--input '{input}': no such file (use generator, a file path, a URL, mic or -).", input);
            }

            frames = ReadMediaAsync(media, options.SampleRate, loggerFactory, cancellationToken);
        }

        if (options.Duration is { } limit)
        {
            frames = Limit(frames, limit, cancellationToken);
        }

        if (options.Realtime && input != "mic")
        {
            frames = Pace(frames, cancellationToken);
        }

        return (input == "-" ? "stdin" : input, frames);
    }

    private static async IAsyncEnumerable<Frame<float>> ReadWavAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = await WavFrameSource<float>.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await foreach (var frame in source.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }
        }
    }

    private static async IAsyncEnumerable<Frame<float>> ReadMediaAsync(MediaSourceOptions options, int sampleRate, ILoggerFactory loggerFactory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var media = new MediaSource(options, loggerFactory.CreateLogger<MediaSource>());
        await using (media.ConfigureAwait(false))
        {
            var audio = media.AddAudioStream<float>(new AudioOutputOptions { SampleRate = sampleRate, Channels = 1, FramesPerChunk = 1024, BufferChunkSize = options.Input == "default" ? 64 : -1 });
            await media.StartAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var frame in audio.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }
        }
    }

    private static async IAsyncEnumerable<Frame<float>> Limit(IAsyncEnumerable<Frame<float>> frames, TimeSpan limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        DateTimeOffset? first = null;
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            first ??= frame.Timestamp;
            if (frame.Timestamp - first.Value >= limit)
            {
                frame.Release();
                yield break;
            }

            yield return frame;
        }
    }

    private static async IAsyncEnumerable<Frame<float>> Pace(IAsyncEnumerable<Frame<float>> frames, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        DateTimeOffset? first = null;
        var started = TimeProvider.System.GetTimestamp();
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            first ??= frame.Timestamp;
            var due = (frame.Timestamp - first.Value) - TimeProvider.System.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    frame.Release();
                    throw;
                }
            }

            yield return frame;
        }
    }
}

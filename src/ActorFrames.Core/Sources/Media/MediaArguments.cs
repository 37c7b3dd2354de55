using System.Collections.ObjectModel;
using System.Globalization;

namespace ActorFrames.Sources.Media;

/// <summary>Builds ffmpeg argument lists (passed as a list to the process, never through a shell).</summary>
internal static class MediaArguments
{
    /// <summary>Adds the input part: -ss, -f, input options, -i.</summary>
    public static void AddInput(Collection<string> arguments, MediaSourceOptions options, TimeSpan startAt)
    {
        if (startAt > TimeSpan.Zero)
        {
            arguments.Add("-ss");
            arguments.Add(startAt.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture));
        }

        if (options.InputFormat is { Length: > 0 } format)
        {
            arguments.Add("-f");
            arguments.Add(format);
        }

        foreach (var (key, value) in options.InputOptions)
        {
            arguments.Add("-" + key);
            if (value.Length > 0)
            {
                arguments.Add(value);
            }
        }

        arguments.Add("-i");
        arguments.Add(options.Input);
    }

    /// <summary>Adds one audio output: map, filters, raw sample format, target.</summary>
    public static void AddAudioOutput(Collection<string> arguments, string map, string rawFormat, int sampleRate, int channels, string? filter, string target)
    {
        arguments.Add("-map");
        arguments.Add(map);
        if (filter is { Length: > 0 })
        {
            arguments.Add("-af");
            arguments.Add(filter);
        }

        arguments.Add("-ar");
        arguments.Add(sampleRate.ToString(CultureInfo.InvariantCulture));
        arguments.Add("-ac");
        arguments.Add(channels.ToString(CultureInfo.InvariantCulture));
        arguments.Add("-c:a");
        arguments.Add("pcm_" + rawFormat);
        arguments.Add("-f");
        arguments.Add(rawFormat);
        arguments.Add(target);
    }

    /// <summary>Adds one video output: map, constant frame rate and scaling filters, raw pixel format, target.</summary>
    public static void AddVideoOutput(Collection<string> arguments, string map, string pixelFormat, int width, int height, double frameRate, string target)
    {
        arguments.Add("-map");
        arguments.Add(map);
        arguments.Add("-vf");
        arguments.Add(string.Create(CultureInfo.InvariantCulture, $"fps={frameRate:0.#########},scale={width}:{height}"));
        arguments.Add("-pix_fmt");
        arguments.Add(pixelFormat);
        arguments.Add("-c:v");
        arguments.Add("rawvideo");
        arguments.Add("-f");
        arguments.Add("rawvideo");
        arguments.Add(target);
    }

    /// <summary>The ffmpeg raw format (and pcm codec suffix) for elements of <typeparamref name="T"/>.</summary>
    public static string RawAudioFormat<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            return "u8";
        }

        if (typeof(T) == typeof(short))
        {
            return "s16le";
        }

        if (typeof(T) == typeof(int))
        {
            return "s32le";
        }

        if (typeof(T) == typeof(float))
        {
            return "f32le";
        }

        if (typeof(T) == typeof(double))
        {
            return "f64le";
        }

        throw new NotSupportedException($"Audio cannot be decoded to {typeof(T).Name}: use byte (u8), short (s16), int (s32), float or double.");
    }
}

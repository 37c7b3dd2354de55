using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ActorFrames.Sources.Media;

/// <summary>Describes a media input (container, streams, codecs, rates, duration, tags) by running ffprobe.</summary>
public static class MediaProbe
{
    private const int MaxOutputBytes = 16 * 1024 * 1024;

    /// <summary>Probes <see cref="MediaSourceOptions.Input"/> (with its input format and options).</summary>
    /// <param name="options">The input; only Input, InputFormat, InputOptions and FfprobePath are used.</param>
    /// <param name="cancellationToken">Cancels the probe and kills ffprobe.</param>
    /// <returns>The input's description.</returns>
    /// <exception cref="FileNotFoundException">ffprobe is not installed.</exception>
    /// <exception cref="IOException">ffprobe failed; the message carries its error output.</exception>
    public static async Task<MediaInfo> ProbeAsync(MediaSourceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var info = new ProcessStartInfo(MediaExecutables.Resolve(options.FfprobePath, nameof(options.FfprobePath)))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (ReadOnlySpan<string>)["-v", "error", "-print_format", "json", "-show_format", "-show_streams"])
        {
            info.ArgumentList.Add(argument);
        }

        MediaArguments.AddInput(info.ArgumentList, options, startAt: TimeSpan.Zero);
        using var process = Process.Start(info) ?? throw new IOException($"ffprobe did not start for '{options.Input}'.");
        process.StandardInput.Close();
        try
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            var json = await ReadBoundedAsync(process.StandardOutput.BaseStream, options.Input, cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var stderr = await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new IOException($"ffprobe could not read '{options.Input}' (exit code {process.ExitCode}): {stderr.Trim()}");
            }

            return Parse(json, options.Input);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Parses ffprobe's JSON (-show_format -show_streams).</summary>
    internal static MediaInfo Parse(ReadOnlyMemory<byte> json, string input)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var streams = ImmutableArray.CreateBuilder<MediaStreamInfo>();
            if (root.TryGetProperty("streams", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in list.EnumerateArray())
                {
                    var rate = Fraction(s, "avg_frame_rate") ?? Fraction(s, "r_frame_rate");
                    streams.Add(new MediaStreamInfo(
                        Index: (int)(Integer(s, "index") ?? streams.Count),
                        MediaType: Text(s, "codec_type") ?? string.Empty,
                        Codec: Text(s, "codec_name") ?? string.Empty,
                        CodecLongName: Text(s, "codec_long_name") ?? string.Empty,
                        Format: Text(s, "sample_fmt") ?? Text(s, "pix_fmt"),
                        BitRate: Integer(s, "bit_rate"),
                        FrameCount: Integer(s, "nb_frames"),
                        BitsPerSample: (int?)(Integer(s, "bits_per_raw_sample") ?? Integer(s, "bits_per_sample")),
                        SampleRate: (int?)Integer(s, "sample_rate"),
                        Channels: (int?)Integer(s, "channels"),
                        ChannelLayout: Text(s, "channel_layout"),
                        Width: (int?)Integer(s, "width"),
                        Height: (int?)Integer(s, "height"),
                        FrameRate: Text(s, "codec_type") == "video" ? rate : null,
                        Duration: Seconds(s, "duration"),
                        Metadata: Tags(s)));
                }
            }

            var format = root.TryGetProperty("format", out var f) ? f : default;
            return new MediaInfo(
                format.ValueKind == JsonValueKind.Object ? Text(format, "format_name") ?? string.Empty : string.Empty,
                format.ValueKind == JsonValueKind.Object ? Text(format, "format_long_name") ?? string.Empty : string.Empty,
                format.ValueKind == JsonValueKind.Object ? Seconds(format, "duration") : null,
                format.ValueKind == JsonValueKind.Object ? Integer(format, "bit_rate") : null,
                format.ValueKind == JsonValueKind.Object ? Tags(format) : ImmutableDictionary<string, string>.Empty,
                streams.ToImmutable());
        }
        catch (JsonException e)
        {
            throw new IOException($"ffprobe printed malformed JSON for '{input}': {e.Message}", e);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream stream, string input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var block = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(block, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxOutputBytes)
            {
                throw new IOException($"ffprobe printed more than {MaxOutputBytes} bytes for '{input}'.");
            }

            buffer.Write(block, 0, read);
        }

        return buffer.ToArray();
    }

    private static string? Text(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static long? Integer(JsonElement e, string name)
        => Text(e, name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TimeSpan? Seconds(JsonElement e, string name)
        => Text(e, name) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0 && value < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(value)
            : null;

    private static double? Fraction(JsonElement e, string name)
    {
        if (Text(e, name) is not { } text)
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) && plain > 0 ? plain : null;
        }

        return double.TryParse(text.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
               && double.TryParse(text.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
               && n > 0 && d > 0
            ? n / d
            : null;
    }

    private static ImmutableDictionary<string, string> Tags(JsonElement e)
    {
        if (!e.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Object)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in tags.EnumerateObject())
        {
            builder[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString()! : tag.Value.GetRawText();
        }

        return builder.ToImmutable();
    }
}

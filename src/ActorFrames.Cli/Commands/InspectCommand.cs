using System.Buffers.Binary;
using System.Collections.Immutable;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using ActorFrames.Sources;
using ActorFrames.Sources.Media;
using ActorFrames.Sources.Wav;
using static System.FormattableString;

namespace ActorFrames.Cli.Commands;

/// <summary>
/// <c>actorframes inspect INPUT [--json]</c>: prints what an input holds, as ffprobe describes it (container, duration,
/// bit rate, tags; per stream the codec, sample rate, channels, sample format, or video size, frame rate and pixel
/// format), and for a WAV/RF64/BW64 file also what the WAV reader makes of its header (format tag, extensible, bits,
/// RF64, data chunk). Exit codes: 0 described, 2 usage, 1 missing or unreadable input (one line naming it).
/// </summary>
internal static class InspectCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A media file (WAV, Ogg, FLAC, MP4, ...) or a URL ffmpeg can open." };
        input.Validators.Add(static result =>
        {
            if (result.Tokens.Count != 1)
            {
                return;
            }

            // An unknown option lands here as the argument; name it as what it is (a file named "-x" can be given as ./-x).
            var value = result.Tokens[0].Value;
            if (value is "-" or "")
            {
                result.AddError($"INPUT '{value}': inspect reads a file or a URL, not standard input.");
            }
            else if (value.StartsWith('-'))
            {
                result.AddError($"Unrecognized option '{value}' (see actorframes inspect --help).");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the description as JSON (camelCase keys; absent facts are left out)." };
        var command = new Command("inspect", "Prints an input's streams (codec, sample rate, channels, sample format; video size and frame rate; tags) and, for WAV files, the header facts.")
        {
            input,
            json,
        };
        command.SetAction((parse, cancellationToken) => InspectAsync(
            parse.GetValue(input)!,
            parse.GetValue(json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Describes <paramref name="input"/>.</summary>
    /// <param name="input">A file path or a URL.</param>
    /// <param name="json">Whether to print JSON instead of text.</param>
    /// <param name="output">Where the description goes.</param>
    /// <param name="error">Where a one-line cause goes.</param>
    /// <param name="cancellationToken">Stops the inspection.</param>
    /// <returns>The exit code: 0 or 1.</returns>
    internal static async Task<int> InspectAsync(string input, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var isUrl = input.Contains("://", StringComparison.Ordinal);
        if (!isUrl && !File.Exists(input))
        {
            var problem = Directory.Exists(input) ? "is a directory, not a file" : "no such file";
            await error.WriteLineAsync($"inspect: '{input}': {problem}.").ConfigureAwait(false);
            return 1;
        }

        WavLayout? wav = null;
        string? wavProblem = null;
        try
        {
            if (!isUrl && await IsWavAsync(input, cancellationToken).ConfigureAwait(false))
            {
                var stream = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
                await using (stream.ConfigureAwait(false))
                {
                    wav = await WavHeaderParser.ParseAsync(stream, input, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (SourceFormatException ex)
        {
            // ffprobe may still describe it (a compressed WAV the reader does not take, a header it tolerates).
            wavProblem = ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"inspect: '{input}': {OneLine(ex.Message)}").ConfigureAwait(false);
            return 1;
        }

        MediaInfo? media = null;
        string? probeProblem = null;
        try
        {
            media = await MediaProbe.ProbeAsync(new MediaSourceOptions { Input = input }, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (wav is not null)
        {
            // The WAV reader understood the file, so it is readable: describe what it found and say why ffprobe did not.
            probeProblem = OneLine(ex.Message);
        }
        catch (IOException ex)
        {
            var cause = wavProblem is null ? OneLine(ex.Message) : $"{OneLine(ex.Message)} (WAV reader: {wavProblem})";
            await error.WriteLineAsync($"inspect: {cause}").ConfigureAwait(false);
            return 1;
        }

        if (json)
        {
            WriteJson(output, input, media, wav, wavProblem, probeProblem);
        }
        else
        {
            WriteText(output, input, media, wav, wavProblem, probeProblem);
        }

        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static async Task<bool> IsWavAsync(string path, CancellationToken cancellationToken)
    {
        var start = new byte[12];
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        await using (stream.ConfigureAwait(false))
        {
            var got = await stream.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var riff = BinaryPrimitives.ReadUInt32BigEndian(start);
            return got == start.Length
                && riff is 0x52494646 or 0x52463634 or 0x42573634 // "RIFF", "RF64", "BW64"
                && BinaryPrimitives.ReadUInt32BigEndian(start.AsSpan(8)) == 0x57415645; // "WAVE"
        }
    }

    private static void WriteText(TextWriter output, string input, MediaInfo? media, WavLayout? wav, string? wavProblem, string? probeProblem)
    {
        var text = new StringBuilder();
        Line(text, 0, "Input", input);
        if (media is not null)
        {
            Line(text, 0, "Format", media.FormatLongName.Length > 0 ? $"{media.FormatName} ({media.FormatLongName})" : media.FormatName);
            Line(text, 0, "Duration", Seconds(media.Duration));
            Line(text, 0, "Bit rate", media.BitRate is { } rate ? Invariant($"{rate} bit/s") : null);
            Tags(text, 0, media.Metadata);
            foreach (var stream in media.Streams)
            {
                var codec = stream.CodecLongName.Length > 0 ? $"{stream.Codec} ({stream.CodecLongName})" : stream.Codec;
                Line(text, 0, Invariant($"Stream #{stream.Index}"), $"{stream.MediaType} {codec}");
                if (stream.IsAudio)
                {
                    Line(text, 1, "Sample rate", stream.SampleRate is { } hz ? Invariant($"{hz} Hz") : null);
                    Line(text, 1, "Channels", stream.Channels is { } channels ? Invariant($"{channels}") + (stream.ChannelLayout is { Length: > 0 } layout ? $" ({layout})" : string.Empty) : null);
                    Line(text, 1, "Sample format", stream.Format);
                    Line(text, 1, "Bits per sample", stream.BitsPerSample is > 0 and var bits ? Invariant($"{bits}") : null);
                }
                else if (stream.IsVideo)
                {
                    Line(text, 1, "Size", stream.Width is { } w && stream.Height is { } h ? Invariant($"{w}x{h}") : null);
                    Line(text, 1, "Frame rate", stream.FrameRate is { } fps ? Invariant($"{fps:0.###} fps") : null);
                    Line(text, 1, "Pixel format", stream.Format);
                }

                Line(text, 1, "Bit rate", stream.BitRate is { } bitRate ? Invariant($"{bitRate} bit/s") : null);
                Line(text, 1, "Duration", Seconds(stream.Duration));
                Tags(text, 1, stream.Metadata);
            }
        }
        else
        {
            Line(text, 0, "ffprobe", $"not available: {probeProblem}");
        }

        if (wav is { } header)
        {
            var format = header.Format;
            var (tag, tagName) = FormatTag(format);
            text.Append("WAV header:\n");
            Line(text, 1, "Format tag", Invariant($"0x{tag:X4} ({tagName})"));
            Line(text, 1, "Extensible", format.IsExtensible ? "yes" : "no");
            Line(text, 1, "Sample format", format.SampleFormat.ToString().ToLowerInvariant());
            Line(text, 1, "Bits per sample", Invariant($"{format.BitsPerSample}"));
            Line(text, 1, "Channels", Invariant($"{format.Channels}"));
            Line(text, 1, "Sample rate", Invariant($"{format.SampleRate} Hz"));
            Line(text, 1, "Channel mask", format.IsExtensible ? Invariant($"0x{format.ChannelMask:X8}") : null);
            Line(text, 1, "RF64", header.IsRf64 ? "yes" : "no");
            Line(text, 1, "Data", header.DataLength is { } bytes
                ? Invariant($"{bytes} bytes at offset {header.DataOffset} ({bytes / format.BlockAlign} sample frames)")
                : Invariant($"unknown length (streamed) from offset {header.DataOffset}"));
        }
        else if (wavProblem is not null)
        {
            Line(text, 0, "WAV header", $"not readable by the WAV reader: {wavProblem}");
        }

        output.Write(text.ToString());
    }

    private static void WriteJson(TextWriter output, string input, MediaInfo? media, WavLayout? wav, string? wavProblem, string? probeProblem)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("input", input);
            if (media is not null)
            {
                json.WriteStartObject("format");
                json.WriteString("name", media.FormatName);
                json.WriteString("longName", media.FormatLongName);
                Number(json, "durationSeconds", media.Duration?.TotalSeconds);
                Number(json, "bitRate", media.BitRate);
                Tags(json, media.Metadata);
                json.WriteEndObject();
                json.WriteStartArray("streams");
                foreach (var stream in media.Streams)
                {
                    WriteStream(json, stream);
                }

                json.WriteEndArray();
            }
            else
            {
                json.WriteString("probeError", probeProblem);
            }

            if (wav is { } layout)
            {
                var format = layout.Format;
                var (tag, tagName) = FormatTag(format);
                json.WriteStartObject("wav");
                json.WriteNumber("formatTag", tag);
                json.WriteString("formatTagName", tagName);
                json.WriteBoolean("extensible", format.IsExtensible);
                json.WriteString("sampleFormat", format.SampleFormat.ToString().ToLowerInvariant());
                json.WriteNumber("bitsPerSample", format.BitsPerSample);
                json.WriteNumber("channels", format.Channels);
                json.WriteNumber("sampleRate", format.SampleRate);
                json.WriteNumber("channelMask", format.ChannelMask);
                json.WriteBoolean("rf64", layout.IsRf64);
                json.WriteNumber("dataOffset", layout.DataOffset);
                Number(json, "dataBytes", layout.DataLength);
                Number(json, "sampleFrames", layout.DataLength / format.BlockAlign);
                json.WriteEndObject();
            }
            else if (wavProblem is not null)
            {
                json.WriteString("wavError", wavProblem);
            }

            json.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }

    private static void WriteStream(Utf8JsonWriter json, MediaStreamInfo stream)
    {
        json.WriteStartObject();
        json.WriteNumber("index", stream.Index);
        json.WriteString("type", stream.MediaType);
        json.WriteString("codec", stream.Codec);
        json.WriteString("codecLongName", stream.CodecLongName);
        if (stream.IsAudio)
        {
            Number(json, "sampleRate", stream.SampleRate);
            Number(json, "channels", stream.Channels);
            Text(json, "channelLayout", stream.ChannelLayout);
            Text(json, "sampleFormat", stream.Format);
            Number(json, "bitsPerSample", stream.BitsPerSample is > 0 ? stream.BitsPerSample : null);
        }
        else if (stream.IsVideo)
        {
            Number(json, "width", stream.Width);
            Number(json, "height", stream.Height);
            Number(json, "frameRate", stream.FrameRate);
            Text(json, "pixelFormat", stream.Format);
        }

        Number(json, "bitRate", stream.BitRate);
        Number(json, "durationSeconds", stream.Duration?.TotalSeconds);
        Tags(json, stream.Metadata);
        json.WriteEndObject();
    }

    /// <summary>The fmt chunk's format tag as the reader accepted it: PCM (1), IEEE float (3) or extensible (0xFFFE) around one of them.</summary>
    private static (int Tag, string Name) FormatTag(WavFormat format)
    {
        var isFloat = format.SampleFormat is WavSampleFormat.F32 or WavSampleFormat.F64;
        var kind = isFloat ? "IEEE float" : "PCM";
        return format.IsExtensible ? (0xFFFE, $"WAVE_FORMAT_EXTENSIBLE, sub-format {kind}") : (isFloat ? 3 : 1, kind);
    }

    private static void Line(StringBuilder text, int depth, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        text.Append(' ', 2 * depth).Append(key).Append(": ").Append(OneLine(value)).Append('\n');
    }

    private static void Tags(StringBuilder text, int depth, ImmutableDictionary<string, string> tags)
    {
        if (tags.IsEmpty)
        {
            return;
        }

        text.Append(' ', 2 * depth).Append("Tags:\n");
        foreach (var (key, value) in tags.OrderBy(static t => t.Key, StringComparer.OrdinalIgnoreCase))
        {
            Line(text, depth + 1, key, value);
        }
    }

    private static void Tags(Utf8JsonWriter json, ImmutableDictionary<string, string> tags)
    {
        json.WriteStartObject("tags");
        foreach (var (key, value) in tags.OrderBy(static t => t.Key, StringComparer.OrdinalIgnoreCase))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static void Text(Utf8JsonWriter json, string name, string? value)
    {
        if (value is { Length: > 0 })
        {
            json.WriteString(name, value);
        }
    }

    private static string? Seconds(TimeSpan? duration) => duration is { } d ? Invariant($"{d.TotalSeconds:0.######} s") : null;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using ActorFrames.Sources.Media;
using ActorFrames.Sources.Wav;
using static System.FormattableString;

namespace ActorFrames.Cli.Inspect;

/// <summary>What <c>actorframes inspect</c> found out about an input, and its text and JSON forms.</summary>
/// <param name="Input">The input as named on the command line ("stdin" for '-').</param>
/// <param name="Media">What ffprobe reported, or <see langword="null"/> when it was not run or failed on a WAV the reader understood.</param>
/// <param name="Wav">What the WAV reader found in the header, or <see langword="null"/> for other inputs.</param>
/// <param name="WavProblem">Why the WAV reader refused a RIFF/RF64 file that ffprobe described, or <see langword="null"/>.</param>
/// <param name="ProbeProblem">Why there is no ffprobe description of a WAV input, or <see langword="null"/>.</param>
internal sealed record InspectReport(string Input, MediaInfo? Media, WavLayout? Wav, string? WavProblem, string? ProbeProblem)
{
    /// <summary>Writes the report as "Key: value" lines, streams and the WAV header indented below their heading.</summary>
    /// <param name="output">Where the text goes.</param>
    public void WriteText(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = new StringBuilder();
        Line(text, 0, "Input", Input);
        if (Media is not null)
        {
            Line(text, 0, "Format", Media.FormatLongName.Length > 0 ? $"{Media.FormatName} ({Media.FormatLongName})" : Media.FormatName);
            Line(text, 0, "Duration", Seconds(Media.Duration));
            Line(text, 0, "Bit rate", Media.BitRate is { } rate ? Invariant($"{rate} bit/s") : null);
            Tags(text, 0, Media.Metadata);
            foreach (var stream in Media.Streams)
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
            Line(text, 0, "ffprobe", ProbeProblem is null ? null : $"not used: {ProbeProblem}");
        }

        if (Wav is { } header)
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
        else if (WavProblem is not null)
        {
            Line(text, 0, "WAV header", $"not readable by the WAV reader: {WavProblem}");
        }

        output.Write(text.ToString());
    }

    /// <summary>Writes the report as one indented JSON object (camelCase keys; unknown facts are left out).</summary>
    /// <param name="output">Where the JSON goes.</param>
    public void WriteJson(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("input", Input);
            if (Media is not null)
            {
                json.WriteStartObject("format");
                json.WriteString("name", Media.FormatName);
                json.WriteString("longName", Media.FormatLongName);
                Number(json, "durationSeconds", Media.Duration?.TotalSeconds);
                Number(json, "bitRate", Media.BitRate);
                Tags(json, Media.Metadata);
                json.WriteEndObject();
                json.WriteStartArray("streams");
                foreach (var stream in Media.Streams)
                {
                    WriteStream(json, stream);
                }

                json.WriteEndArray();
            }
            else
            {
                Text(json, "probeError", ProbeProblem);
            }

            if (Wav is { } layout)
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
            else if (WavProblem is not null)
            {
                json.WriteString("wavError", WavProblem);
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

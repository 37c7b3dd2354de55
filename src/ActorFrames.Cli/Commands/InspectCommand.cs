using System.CommandLine;
using System.Globalization;
using ActorFrames.Frames;
using ActorFrames.Sources;
using ActorFrames.Sources.Media;
using ActorFrames.Sources.Wav;

namespace ActorFrames.Cli.Commands;

/// <summary>
/// <c>actorframes inspect INPUT</c>: prints what an input holds (container, streams, sample rate, channels,
/// sample format, duration). A WAV file or WAV on standard input (<c>-</c>) is read directly; anything else
/// (other files, URLs, <c>mic</c>) is described by ffprobe. Exit codes: 0 described, 2 usage (no such file),
/// 1 the input could not be read.
/// </summary>
internal static class InspectCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A WAV path, any ffmpeg input (file or URL), 'mic' (the default capture device) or '-' (WAV on standard input)." };
        var format = new Option<string?>("--format", "-f") { Description = "ffmpeg's input format (-f), e.g. alsa or pulse for a device; detected when left out." };
        var command = new Command("inspect", "Prints an input's stream information: container, rate, channels, sample format, duration.")
        {
            input,
            format,
        };
        command.SetAction((parse, cancellationToken) => InspectAsync(
            parse.GetValue(input)!,
            parse.GetValue(format),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Describes <paramref name="input"/>.</summary>
    /// <param name="input">The input as given on the command line.</param>
    /// <param name="format">ffmpeg's input format, or <see langword="null"/>.</param>
    /// <param name="output">Where the description goes.</param>
    /// <param name="error">Where a one-line cause goes.</param>
    /// <param name="cancellationToken">Stops the inspection.</param>
    /// <returns>The exit code: 0, 1 or 2.</returns>
    internal static async Task<int> InspectAsync(string input, string? format, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            if (input == "-")
            {
                var stdin = Console.OpenStandardInput();
                var source = await WavFrameSource<float>.OpenAsync(stdin, new SourceId("stdin"), cancellationToken: cancellationToken).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    WriteWav(output, "standard input", source);
                }

                return 0;
            }

            var isMic = input == "mic" && format is null;
            var isUrl = input.Contains("://", StringComparison.Ordinal);
            if (!isMic && !isUrl && format is null && !File.Exists(input))
            {
                await error.WriteLineAsync($"INPUT '{input}': no such file (give a WAV path, an ffmpeg input such as a file or URL, 'mic' or '-').").ConfigureAwait(false);
                return 2;
            }

            if (!isMic && !isUrl && format is null && await IsWavAsync(input, cancellationToken).ConfigureAwait(false))
            {
                var source = await WavFrameSource<float>.OpenAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    WriteWav(output, Path.GetFullPath(input), source);
                }

                return 0;
            }

            var options = new MediaSourceOptions { Input = isMic ? "default" : input, InputFormat = isMic ? "alsa" : format };
            var info = await MediaProbe.ProbeAsync(options, cancellationToken).ConfigureAwait(false);
            WriteMedia(output, isMic ? "mic (alsa default)" : input, info);
            return 0;
        }
        catch (Exception ex) when (ex is SourceFormatException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"actorframes inspect '{input}' failed: {FirstLine(ex.Message)}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<bool> IsWavAsync(string path, CancellationToken cancellationToken)
    {
        var header = new byte[12];
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == header.Length
                && (header.AsSpan(0, 4).SequenceEqual("RIFF"u8) || header.AsSpan(0, 4).SequenceEqual("RF64"u8))
                && header.AsSpan(8, 4).SequenceEqual("WAVE"u8);
        }
    }

    private static void WriteWav(TextWriter output, string name, WavFrameSource<float> source)
    {
        var f = source.Format;
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"Input:         {name}");
        output.WriteLine($"Container:     {(source.IsRf64 ? "RF64 (WAV over 4 GiB)" : "WAV")}{(f.IsExtensible ? ", WAVE_FORMAT_EXTENSIBLE" : string.Empty)}");
        output.WriteLine(string.Create(c, $"Sample rate:   {f.SampleRate} Hz"));
        output.WriteLine(string.Create(c, $"Channels:      {f.Channels}"));
        output.WriteLine(string.Create(c, $"Sample format: {f.SampleFormat.ToString().ToLowerInvariant()} ({f.BitsPerSample} bits)"));
        if (source.TotalFrames is { } frames)
        {
            output.WriteLine(string.Create(c, $"Duration:      {frames / (double)f.SampleRate:0.###} s ({frames} frames)"));
        }
        else
        {
            output.WriteLine("Duration:      unknown (streamed WAV)");
        }
    }

    private static void WriteMedia(TextWriter output, string name, MediaInfo info)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"Input:         {name}");
        output.WriteLine($"Container:     {info.FormatName} ({info.FormatLongName})");
        if (info.DefaultAudio is { } audio)
        {
            output.WriteLine(string.Create(c, $"Sample rate:   {(audio.SampleRate is { } rate ? rate.ToString(c) + " Hz" : "unknown")}"));
            output.WriteLine(string.Create(c, $"Channels:      {(audio.Channels is { } channels ? channels.ToString(c) : "unknown")}{(audio.ChannelLayout is { } layout ? " (" + layout + ")" : string.Empty)}"));
            output.WriteLine($"Sample format: {audio.Format ?? "unknown"} ({audio.Codec})");
        }

        output.WriteLine(info.Duration is { } duration ? string.Create(c, $"Duration:      {duration.TotalSeconds:0.###} s") : "Duration:      unknown (live)");
        if (info.BitRate is { } bitRate)
        {
            output.WriteLine(string.Create(c, $"Bit rate:      {bitRate / 1000.0:0.#} kb/s"));
        }

        foreach (var stream in info.Streams)
        {
            var detail = stream.IsAudio
                ? string.Create(c, $"{stream.SampleRate} Hz, {stream.Channels} ch, {stream.Format}")
                : stream.IsVideo
                    ? string.Create(c, $"{stream.Width}x{stream.Height}, {stream.FrameRate:0.##} fps, {stream.Format}")
                    : string.Empty;
            output.WriteLine(string.Create(c, $"Stream #{stream.Index}:     {stream.MediaType}, {stream.Codec}{(detail.Length > 0 ? ", " + detail : string.Empty)}"));
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}

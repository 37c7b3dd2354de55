using System.Buffers.Binary;
using System.CommandLine;
using ActorFrames.Cli.Inspect;
using ActorFrames.Sources;
using ActorFrames.Sources.Media;
using ActorFrames.Sources.Wav;

namespace ActorFrames.Cli.Commands;

/// <summary>
/// <c>actorframes inspect INPUT [--json] [--format F]</c>: prints what an input holds, as ffprobe describes it
/// (container, duration, bit rate, tags; per stream the codec, sample rate, channels, sample format, or video size,
/// frame rate and pixel format), and for a WAV/RF64/BW64 file also what the WAV reader makes of its header (format tag,
/// extensible, bits, RF64, data chunk). '-' reads a WAV header from standard input; 'mic' probes the default ALSA
/// capture device. Exit codes: 0 described, 2 usage, 1 missing or unreadable input (one line naming it).
/// </summary>
internal static class InspectCommand
{
    private const string StandardInput = "-";

    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A media file (WAV, Ogg, FLAC, MP4, ...), a URL ffmpeg can open, 'mic' (the default ALSA capture device) or '-' (a WAV file on standard input: header only)." };
        input.Validators.Add(static result =>
        {
            var value = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (value is { Length: 0 } || (value is not null && string.IsNullOrWhiteSpace(value)))
            {
                result.AddError("INPUT must not be empty.");
            }
            else if (value is { Length: > 1 } && value.StartsWith('-'))
            {
                // An unknown option lands here as the argument; name it as what it is (a file named "-x" can be given as ./-x).
                result.AddError($"Unrecognized option '{value}' (see actorframes inspect --help).");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the description as JSON (camelCase keys; unknown facts are left out)." };
        var format = new Option<string?>("--format", "-f") { Description = "ffmpeg's input format (-f), e.g. alsa or pulse for a device, lavfi for a filter graph; detected when left out." };
        format.Validators.Add(static result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string?>()))
            {
                result.AddError("--format must name an ffmpeg input format (ffmpeg -formats lists them).");
            }
        });
        var command = new Command("inspect", "Prints an input's streams (codec, sample rate, channels, sample format; video size and frame rate; tags) and, for WAV files, the header facts.")
        {
            input,
            json,
            format,
        };
        command.SetAction((parse, cancellationToken) => InspectAsync(
            parse.GetValue(input)!,
            parse.GetValue(format),
            parse.GetValue(json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Describes <paramref name="input"/>.</summary>
    /// <param name="input">A file path, a URL, "mic" or "-".</param>
    /// <param name="format">ffmpeg's input format, or <see langword="null"/> to let it detect one.</param>
    /// <param name="json">Whether to print JSON instead of text.</param>
    /// <param name="output">Where the description goes.</param>
    /// <param name="error">Where a one-line cause goes.</param>
    /// <param name="cancellationToken">Stops the inspection.</param>
    /// <returns>The exit code: 0 or 1.</returns>
    internal static async Task<int> InspectAsync(string input, string? format, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        InspectReport? report;
        try
        {
            report = input == StandardInput
                ? await InspectStandardInputAsync(cancellationToken).ConfigureAwait(false)
                : await InspectAsync(input, format, error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SourceFormatException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"inspect: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 1;
        }

        if (report is null)
        {
            return 1;
        }

        if (json)
        {
            report.WriteJson(output);
        }
        else
        {
            report.WriteText(output);
        }

        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static async Task<InspectReport?> InspectAsync(string input, string? format, TextWriter error, CancellationToken cancellationToken)
    {
        var isDevice = format is not null || input == "mic";
        var isUrl = input.Contains("://", StringComparison.Ordinal);
        var isFile = !isDevice && !isUrl;
        if (isFile && !File.Exists(input))
        {
            var problem = Directory.Exists(input) ? "is a directory, not a file" : "no such file";
            await error.WriteLineAsync($"inspect: '{input}': {problem}.").ConfigureAwait(false);
            return null;
        }

        WavLayout? wav = null;
        string? wavProblem = null;
        try
        {
            if (isFile && await IsWavAsync(input, cancellationToken).ConfigureAwait(false))
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

        var probe = new MediaSourceOptions { Input = input, InputFormat = format };
        if (input == "mic" && format is null)
        {
            (probe.Input, probe.InputFormat) = ("default", "alsa");
        }

        try
        {
            var media = await MediaProbe.ProbeAsync(probe, cancellationToken).ConfigureAwait(false);
            return new InspectReport(input, media, wav, wavProblem, null);
        }
        catch (IOException ex) when (wav is not null)
        {
            // The WAV reader understood the file, so it is readable: describe what it found and say why ffprobe did not.
            return new InspectReport(input, null, wav, null, OneLine(ex.Message));
        }
        catch (IOException ex) when (wavProblem is not null)
        {
            throw new IOException($"{OneLine(ex.Message)} (WAV reader: {wavProblem})", ex);
        }
        catch (IOException ex) when (input == "mic" && format is null)
        {
            throw new IOException($"'mic' (the default ALSA capture device): {OneLine(ex.Message)}", ex);
        }
    }

    private static async Task<InspectReport> InspectStandardInputAsync(CancellationToken cancellationToken)
    {
        // A plain console stream: the pipe stream of NamedPipeStreams.OpenStandardInput never finishes disposing on Linux.
        var stdin = Console.OpenStandardInput();
        await using (stdin.ConfigureAwait(false))
        {
            var wav = await WavHeaderParser.ParseAsync(stdin, "stdin", cancellationToken).ConfigureAwait(false);
            return new InspectReport("stdin", null, wav, null, "standard input can be read once, so only the WAV reader looked at it");
        }
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

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

using System.CommandLine;
using System.Globalization;
using ActorFrames.Cli.Run;
using ActorFrames.Frames;
using ActorFrames.Sources;
using ActorFrames.Sources.Generators;
using ActorFrames.Sources.Wav;

namespace ActorFrames.Cli.Commands;

/// <summary>
/// <c>actorframes run</c>: the main job. With no arguments it runs the embedded default: 60 s of a 16 kHz test
/// signal through three consumers (level every 0.5 s inline, 10 s WAV segments on a pool, spectrum of 2 s every
/// 0.5 s in child processes). Exit codes: 0 done (also after Ctrl-C, with partial chunks flushed), 2 usage, 1 failure.
/// </summary>
internal static class RunCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "The input: 'generator' (default), a WAV file path.", DefaultValueFactory = static _ => "generator" };
        var consumers = new Option<string[]>("--consumer") { Description = "A consumer NAME:SIZE[:HANDLER[:WORKERS]] (e.g. level:0.25s, spectrum:4s:spectrum:pool(3)); replaces the defaults of the same name.", AllowMultipleArgumentsPerToken = false };
        var outputFolder = new Option<string>("--output", "-o") { Description = "The output folder (segments, plot, levels).", DefaultValueFactory = static _ => "actorframes-output" };
        var duration = new Option<double?>("--duration") { Description = "Seconds of the test signal, or the most seconds to read from a live input." };
        var realtime = new Option<bool>("--realtime") { Description = "Pace the input like a live source." };
        var seed = new Option<int>("--seed") { Description = "The test signal's seed.", DefaultValueFactory = static _ => 1 };
        var command = new Command("run", "Runs the main job: a source through its consumers, with live progress, a summary and a plot.")
        {
            input,
            consumers,
            outputFolder,
            duration,
            realtime,
            seed,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(input)!,
            parse.GetValue(consumers) ?? [],
            parse.GetValue(outputFolder)!,
            parse.GetValue(duration),
            parse.GetValue(realtime),
            parse.GetValue(seed),
            parse.InvocationConfiguration,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string input, string[] specs, string outputFolder, double? duration, bool realtime, int seed, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        List<RunConsumer> consumers = [.. RunConsumer.Defaults];
        try
        {
            foreach (var spec in specs)
            {
                var consumer = RunConsumer.Parse(spec);
                consumers.RemoveAll(c => c.Name == consumer.Name);
                consumers.Add(consumer);
            }

            if (duration is { } seconds && !(seconds > 0 && seconds <= 7 * 24 * 3600))
            {
                throw new FormatException($"--duration {seconds.ToString(CultureInfo.InvariantCulture)} must be a number of seconds between 0 and 604800.");
            }
        }
        catch (FormatException ex)
        {
            await console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        IAsyncEnumerable<Frame<float>> frames;
        if (input == "generator")
        {
            var signal = new TestSignal(new TestSignalOptions { Duration = TimeSpan.FromSeconds(duration ?? 60), Seed = seed, Realtime = realtime });
            frames = signal.ReadAsync(cancellationToken);
        }
        else if (File.Exists(input))
        {
            frames = ReadWavAsync(input, duration, cancellationToken);
        }
        else
        {
            await console.Error.WriteLineAsync($"--input '{input}': no such file (use 'generator' or a WAV path).").ConfigureAwait(false);
            return 2;
        }

        try
        {
            var job = new RunJob(consumers, outputFolder, console.Output, TimeSpan.FromSeconds(1));
            var summary = await job.RunAsync(frames, cancellationToken).ConfigureAwait(false);
            return summary.Failures.Count == 0 ? 0 : 1;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or ArgumentException or InvalidOperationException or SourceFormatException)
        {
            await console.Error.WriteLineAsync($"actorframes run failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async IAsyncEnumerable<Frame<float>> ReadWavAsync(string path, double? duration, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = await WavFrameSource<float>.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            DateTimeOffset? first = null;
            await foreach (var frame in source.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                first ??= frame.Timestamp;
                if (duration is { } limit && (frame.Timestamp - first.Value).TotalSeconds >= limit)
                {
                    frame.Release();
                    yield break;
                }

                yield return frame;
            }
        }
    }
}

using System.CommandLine;
using System.Globalization;
using ActorFrames.Cli.Display;
using ActorFrames.Cli.Run;
using ActorFrames.Handlers;
using ActorFrames.Hosting;
using ActorFrames.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Cli.Commands;

/// <summary>
/// <c>actorframes run</c>: the main job. With no arguments it runs the embedded default (cluster-config/local.json):
/// 60 s of a 16 kHz test signal through level (0.5 s, inline), segments (10 s, pool) and spectrum (2 s every 0.5 s,
/// child processes). Exit codes: 0 done (also after Ctrl-C, with partial chunks flushed), 2 usage or configuration
/// error naming the argument or key, 1 runtime failure with a one-line cause.
/// </summary>
internal static class RunCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "A JSON configuration file layered over the embedded default (cluster-config/local.json)." };
        var input = new Option<string?>("--input", "-i") { Description = "The input: generator (the built-in test signal), a WAV path, any ffmpeg input (file or URL), mic (the default capture device) or - (stdin)." };
        var consumers = new Option<string[]>(ConsumerSpec.OptionName) { Description = "Adds or overrides a consumer: NAME:SIZE[:HANDLER[:WORKERS]], e.g. level:0.25s or spectrum:4s:spectrum:3." };
        var outputFolder = new Option<string?>("--output", "-o") { Description = "The output folder for segments, levels and the plot." };
        var duration = new Option<double?>("--duration") { Description = "Seconds: the test signal's length, or the most stream time to read from any other input." };
        var realtime = new Option<bool>("--realtime") { Description = "Pace the input like a live source." };
        var seed = new Option<int?>("--seed") { Description = "The test signal's seed." };
        var command = new Command("run", "Runs the main job: a source through its consumers, with a live display, a summary and a plot.")
        {
            config,
            input,
            consumers,
            outputFolder,
            duration,
            realtime,
            seed,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new RunArguments(parse.GetValue(config), parse.GetValue(input), parse.GetValue(consumers) ?? [], parse.GetValue(outputFolder), parse.GetValue(duration), parse.GetValue(realtime), parse.GetValue(seed)),
            parse.InvocationConfiguration,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(RunArguments arguments, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        var overrides = new List<KeyValuePair<string, string?>>();
        try
        {
            overrides.AddRange(arguments.Overrides());
        }
        catch (FormatException ex)
        {
            await console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        IConfiguration configuration;
        try
        {
            using var defaults = typeof(RunCommand).Assembly.GetManifestResourceStream("ActorFrames.Cli.local.json")
                ?? throw new InvalidOperationException("The embedded default configuration (local.json) is missing from the executable.");
            configuration = new ConfigurationBuilder().AddActorFramesSources(defaults, arguments.Config?.FullName, overrides).Build();
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException)
        {
            await console.Error.WriteLineAsync($"--config: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        var folder = configuration[$"{ActorFramesOptions.SectionName}:{nameof(ActorFramesOptions.OutputFolder)}"] ?? "actorframes-output";
        var segments = Path.GetFullPath(Path.Combine(folder, "segments"));
        var registry = BuiltInHandlers.Register(new HandlerRegistry(), segments);
        var plan = RunPlan.TryCreate(configuration, registry, segments, () => NodeCommand.BindBroker(configuration, console.Error), out var errors);
        if (plan is null)
        {
            foreach (var error in errors)
            {
                await console.Error.WriteLineAsync(error).ConfigureAwait(false);
            }

            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(static logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(static c => c.SingleLine = true));
        try
        {
            var source = RunSources.Open(plan.Options.Source, loggerFactory, cancellationToken);
            var job = new RunJob(plan, registry, console.Output, TerminalCapabilities.DetectConsole(), loggerFactory);
            await job.RunAsync(source.Name, source.Frames, cancellationToken).ConfigureAwait(false);
            return job.Failures.Count == 0 ? 0 : 1;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or ArgumentException or InvalidOperationException or UnauthorizedAccessException or NotSupportedException)
        {
            await console.Error.WriteLineAsync($"actorframes run failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The command line, as configuration overrides.</summary>
    private sealed record RunArguments(FileInfo? Config, string? Input, string[] Consumers, string? Output, double? Duration, bool Realtime, int? Seed)
    {
        public IEnumerable<KeyValuePair<string, string?>> Overrides()
        {
            const string Source = $"{ActorFramesOptions.SectionName}:Source:";
            foreach (var consumer in Consumers)
            {
                foreach (var pair in ConsumerSpec.Parse(consumer).ToConfiguration())
                {
                    yield return pair;
                }
            }

            if (Input is not null)
            {
                yield return new(Source + "Input", Input);
            }

            if (Realtime)
            {
                yield return new(Source + "Realtime", "true");
            }

            if (Seed is { } seed)
            {
                yield return new(Source + "Seed", seed.ToString(CultureInfo.InvariantCulture));
            }

            if (Duration is { } seconds)
            {
                if (!(seconds > 0 && seconds <= 7 * 24 * 3600))
                {
                    throw new FormatException($"--duration {seconds.ToString(CultureInfo.InvariantCulture)} must be a number of seconds between 0 and 604800.");
                }

                yield return new(Source + "Duration", TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture));
            }

            if (Output is not null)
            {
                yield return new($"{ActorFramesOptions.SectionName}:OutputFolder", Output);
            }
        }
    }
}

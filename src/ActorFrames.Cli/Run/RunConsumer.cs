using System.Globalization;
using ActorFrames.Handlers;
using ActorFrames.Pipelines;
using ActorFrames.Rechunking;
using ActorFrames.Results;
using ActorFrames.Workers;

namespace ActorFrames.Cli.Run;

/// <summary>One consumer of <c>actorframes run</c>: its name, chunk length, handler and worker mode.</summary>
/// <param name="Name">The consumer's name.</param>
/// <param name="Size">The chunk length.</param>
/// <param name="Hop">The hop between chunk starts, or <see langword="null"/> for no overlap.</param>
/// <param name="Handler">The built-in handler (level, spectrum, segments).</param>
/// <param name="Mode">Where it runs.</param>
internal sealed record RunConsumer(string Name, TimeSpan Size, TimeSpan? Hop, string Handler, WorkerMode Mode)
{
    /// <summary>Gets the embedded default: the three consumers of the ocycle example, each on its own worker mode.</summary>
    public static IReadOnlyList<RunConsumer> Defaults { get; } =
    [
        new("level", TimeSpan.FromSeconds(0.5), null, BuiltInHandlers.Level, WorkerMode.Inline),
        new("segments", TimeSpan.FromSeconds(10), null, BuiltInHandlers.Segments, WorkerMode.Pool(2)),
        new("spectrum", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5), BuiltInHandlers.Spectrum, WorkerMode.Process(2)),
    ];

    /// <summary>Parses <c>NAME:SIZE[:HANDLER[:WORKERS]]</c>, e.g. <c>level:0.25s</c> or <c>spectrum:4s:spectrum:pool(3)</c>.</summary>
    /// <param name="text">The specification.</param>
    /// <returns>The consumer.</returns>
    /// <exception cref="FormatException">The text names what is wrong.</exception>
    public static RunConsumer Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 4 || parts[0].Length == 0)
        {
            throw new FormatException($"--consumer '{text}': expected NAME:SIZE[:HANDLER[:WORKERS]], e.g. level:0.5s or spectrum:2s:spectrum:pool(2).");
        }

        var size = ParseDuration(parts[1], text);
        var handler = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : parts[0];
        var mode = parts.Length > 3 ? ParseMode(parts[3], text) : WorkerMode.Inline;
        return new RunConsumer(parts[0], size, null, handler, mode);
    }

    /// <summary>Builds the pipeline consumer's options.</summary>
    /// <param name="segmentsFolder">Where segment files go (passed on to worker children).</param>
    /// <returns>The options.</returns>
    public ConsumerOptions ToOptions(string segmentsFolder) => new()
    {
        Name = Name,
        Handler = Handler,
        Mode = Mode.Name.StartsWith("process", StringComparison.Ordinal) ? WithSegmentsFolder(Mode.Workers, segmentsFolder) : Mode,
        Ordering = ResultOrdering.Emission,
        Chunking = new RechunkOptions { Duration = Size, HopDuration = Hop },
    };

    private static WorkerMode WithSegmentsFolder(int workers, string segmentsFolder)
    {
        var options = new Workers.Processes.ProcessWorkerOptions();
        options.Arguments.Add("--segments");
        options.Arguments.Add(segmentsFolder);
        return WorkerMode.Process(workers, options);
    }

    private static TimeSpan ParseDuration(string value, string text)
    {
        var number = value.EndsWith("ms", StringComparison.Ordinal) ? value[..^2] : value.TrimEnd('s');
        var scale = value.EndsWith("ms", StringComparison.Ordinal) ? 0.001 : 1.0;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || double.IsInfinity(seconds))
        {
            throw new FormatException($"--consumer '{text}': SIZE '{value}' must be a positive duration such as 0.5s or 250ms.");
        }

        return TimeSpan.FromSeconds(seconds * scale);
    }

    private static WorkerMode ParseMode(string value, string text)
    {
        if (value == "inline")
        {
            return WorkerMode.Inline;
        }

        var open = value.IndexOf('(', StringComparison.Ordinal);
        var kind = open < 0 ? "pool" : value[..open];
        var count = open < 0 ? value : value[(open + 1)..].TrimEnd(')');
        if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var workers) || workers < 1 || workers > 256)
        {
            throw new FormatException($"--consumer '{text}': WORKERS '{value}' must be inline, a count (1..256), pool(N) or process(N).");
        }

        return kind switch
        {
            "pool" => WorkerMode.Pool(workers),
            "process" => WorkerMode.Process(workers),
            _ => throw new FormatException($"--consumer '{text}': WORKERS '{value}' must be inline, a count, pool(N) or process(N)."),
        };
    }
}

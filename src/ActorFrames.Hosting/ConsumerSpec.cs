using System.Globalization;

namespace ActorFrames.Hosting;

/// <summary>
/// The command line's <c>--consumer NAME:SIZE[:HANDLER[:WORKERS]]</c>: adds a consumer or overrides one from
/// configuration. More than one worker selects the Pool worker mode.
/// </summary>
/// <param name="Name">The consumer's name.</param>
/// <param name="Size">The chunk size, as written (<c>0.5s</c>, <c>8000</c>).</param>
/// <param name="Handler">The handler, or <see langword="null"/> to keep the configured one (or the consumer's name).</param>
/// <param name="Workers">The number of workers, or <see langword="null"/> to keep the configured number.</param>
internal sealed record ConsumerSpec(string Name, string Size, string? Handler, int? Workers)
{
    /// <summary>The option's name, for messages.</summary>
    public const string OptionName = "--consumer";

    /// <summary>Parses one <c>--consumer</c> value.</summary>
    /// <param name="text">The value.</param>
    /// <returns>The specification.</returns>
    /// <exception cref="FormatException">The value is malformed; the message names the option, the value and the rule.</exception>
    public static ConsumerSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 4 || string.IsNullOrWhiteSpace(parts[0]))
        {
            throw Bad(text, "expected NAME:SIZE[:HANDLER[:WORKERS]], e.g. level:0.5s or spectrum:2s:spectrum:4");
        }

        var name = parts[0].Trim();
        if (!ChunkLength.TryParse(parts[1], out _))
        {
            throw Bad(text, $"SIZE '{parts[1]}' must be {ChunkLength.Forms}");
        }

        string? handler = null;
        if (parts.Length >= 3)
        {
            handler = parts[2].Trim();
            if (handler.Length == 0)
            {
                throw Bad(text, "HANDLER is empty; leave it out to use the consumer's name");
            }
        }

        int? workers = null;
        if (parts.Length == 4)
        {
            if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                throw Bad(text, $"WORKERS '{parts[3]}' must be a whole number of at least 1");
            }

            workers = count;
        }

        return new ConsumerSpec(name, parts[1].Trim(), handler, workers);
    }

    /// <summary>Gets the configuration keys and values this specification sets.</summary>
    /// <returns>Pairs for <see cref="ActorFramesConfiguration.AddActorFramesSources"/>'s overrides.</returns>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration()
    {
        var key = $"{ActorFramesOptions.SectionName}:Consumers:{Name}:";
        yield return new(key + nameof(ConsumerOptions.Size), Size);
        if (Handler is not null)
        {
            yield return new(key + nameof(ConsumerOptions.Handler), Handler);
        }

        if (Workers is { } workers)
        {
            yield return new(key + nameof(ConsumerOptions.Workers), workers.ToString(CultureInfo.InvariantCulture));
            if (workers > 1)
            {
                yield return new(key + nameof(ConsumerOptions.WorkerMode), nameof(WorkerKind.Pool));
                yield return new(key + nameof(ConsumerOptions.MaxInFlight), (workers * 2).ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static FormatException Bad(string text, string rule) => new($"{OptionName} '{text}': {rule}.");
}

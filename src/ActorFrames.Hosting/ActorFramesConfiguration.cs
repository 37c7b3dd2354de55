using Microsoft.Extensions.Configuration;

namespace ActorFrames.Hosting;

/// <summary>The configuration sources of an ActorFrames process, in order of precedence.</summary>
public static class ActorFramesConfiguration
{
    /// <summary>
    /// The prefix of environment variables that override configuration keys, as for every actorframes command:
    /// <c>ACTORFRAMES_ActorFrames__Consumers__level__Workers=4</c> sets <c>ActorFrames:Consumers:level:Workers</c>.
    /// </summary>
    public const string EnvironmentPrefix = "ACTORFRAMES_";

    /// <summary>
    /// Adds, lowest precedence first: the embedded defaults, a JSON file (cluster-config/*.json or
    /// <c>--config FILE</c>), environment variables with the <see cref="EnvironmentPrefix"/> (<c>ACTORFRAMES_ActorFrames__Consumers__level__Workers=4</c>),
    /// overrides from parsed command-line options (<see cref="ConsumerSpec"/>), and raw
    /// <c>--ActorFrames:Key=value</c> arguments.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="defaults">The embedded default JSON (the CLI's cluster-config/local.json), or <see langword="null"/>; read when the configuration is built.</param>
    /// <param name="file">A JSON file that must exist, or <see langword="null"/>.</param>
    /// <param name="overrides">Keys and values set by command-line options, or <see langword="null"/>.</param>
    /// <param name="args">Raw <c>--Key=value</c> arguments, or <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="FileNotFoundException"><paramref name="file"/> does not exist.</exception>
    public static IConfigurationBuilder AddActorFramesSources(
        this IConfigurationBuilder builder,
        Stream? defaults = null,
        string? file = null,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (defaults is not null)
        {
            builder.AddJsonStream(defaults);
        }

        if (file is not null)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The configuration file '{file}' does not exist (looked for {path}).", path);
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        if (args is not null)
        {
            builder.AddCommandLine(args);
        }

        return builder;
    }
}

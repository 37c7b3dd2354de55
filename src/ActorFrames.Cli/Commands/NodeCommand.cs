using System.CommandLine;
using ActorFrames.Handlers;
using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Node;
using ActorFrames.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorFrames.Cli.Commands;

/// <summary>
/// <c>actorframes node --config cluster-config/worker.json</c>: hosts worker pools for named handlers until SIGTERM or
/// Ctrl+C, then drains. Exit codes: 0 stopped cleanly, 2 bad configuration, 1 runtime failure.
/// </summary>
internal static class NodeCommand
{
    /// <summary>The prefix of environment variables that override configuration keys (<c>ACTORFRAMES_RabbitMq__Endpoints</c>).</summary>
    public const string EnvironmentPrefix = "ACTORFRAMES_";

    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config", "-c")
        {
            Description = "The node's configuration (sections RabbitMq and Node), e.g. cluster-config/worker.json.",
            Required = true,
        };
        var name = new Option<string?>("--name") { Description = "The node's name; overrides Node:Name." };
        var command = new Command("node", "Hosts worker pools that handle chunks from RabbitMQ; drains gracefully on SIGTERM.")
        {
            config,
            name,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetRequiredValue(config), parse.GetValue(name), parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>
    /// Loads a configuration file plus environment overrides (<c>ACTORFRAMES_Section__Key</c>). Credentials in the file
    /// are refused: they come from the environment only.
    /// </summary>
    /// <param name="file">The file, or <see langword="null"/> for defaults and environment only.</param>
    /// <param name="error">Where problems are written.</param>
    /// <returns>The configuration, or <see langword="null"/> when the file is missing, malformed or holds credentials.</returns>
    public static IConfiguration? LoadConfiguration(FileInfo? file, TextWriter error)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!file.Exists)
            {
                error.WriteLine($"Configuration file '{file.FullName}' does not exist.");
                return null;
            }

            IConfiguration fileOnly;
            try
            {
                fileOnly = new ConfigurationBuilder().AddJsonFile(file.FullName, optional: false).Build();
            }
            catch (InvalidDataException ex)
            {
                error.WriteLine($"Configuration file '{file.FullName}' is not valid JSON: {ex.Message}");
                return null;
            }

            foreach (var (key, variable) in new[] { ("UserName", RabbitMqOptions.UserNameVariable), ("Password", RabbitMqOptions.PasswordVariable) })
            {
                if (fileOnly[$"{RabbitMqOptions.SectionName}:{key}"] is not null)
                {
                    error.WriteLine($"{file.Name}: {RabbitMqOptions.SectionName}:{key} must not be in a file; set the environment variable {variable}.");
                    return null;
                }
            }

            builder.AddJsonFile(file.FullName, optional: false);
        }

        return builder.AddEnvironmentVariables(EnvironmentPrefix).Build();
    }

    /// <summary>Binds and validates the RabbitMq section, with credentials from the environment.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="error">Where problems are written.</param>
    /// <returns>The options, or <see langword="null"/> when they are invalid (the errors were written).</returns>
    public static RabbitMqOptions? BindBroker(IConfiguration configuration, TextWriter error)
    {
        var options = new RabbitMqOptions();
        if (!TryBind(configuration.GetSection(RabbitMqOptions.SectionName), options, RabbitMqOptions.SectionName, error))
        {
            return null;
        }

        options.UserName = Environment.GetEnvironmentVariable(RabbitMqOptions.UserNameVariable) ?? options.UserName;
        options.Password = Environment.GetEnvironmentVariable(RabbitMqOptions.PasswordVariable) ?? options.Password;
        return Report(new RabbitMqOptionsValidator().Validate(null, options), error) ? options : null;
    }

    /// <summary>Binds a section, failing with the key's name on values that do not convert or keys that do not exist.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="section">The section.</param>
    /// <param name="options">The instance to fill.</param>
    /// <param name="name">The section's name, for messages.</param>
    /// <param name="error">Where problems are written.</param>
    /// <returns><see langword="true"/> when bound.</returns>
    public static bool TryBind<T>(IConfigurationSection section, T options, string name, TextWriter error)
        where T : class
    {
        try
        {
            section.Bind(options, static binder => binder.ErrorOnUnknownConfiguration = true);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine($"{name}: {ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : string.Empty)}");
            return false;
        }
    }

    /// <summary>Writes the failures of a validation.</summary>
    /// <param name="result">The result.</param>
    /// <param name="error">Where they go.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool Report(ValidateOptionsResult result, TextWriter error)
    {
        if (!result.Failed)
        {
            return true;
        }

        foreach (var failure in result.Failures ?? [result.FailureMessage])
        {
            error.WriteLine(failure);
        }

        return false;
    }

    /// <summary>Creates the console loggers of the command line (to standard error, one line per event).</summary>
    /// <returns>The factory.</returns>
    public static ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(static logging => logging
        .SetMinimumLevel(LogLevel.Information)
        .AddConsole(static console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(static console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        })
        .AddFilter("RabbitMQ", LogLevel.Warning));

    private static async Task<int> RunAsync(FileInfo file, string? name, TextWriter error, CancellationToken cancellationToken)
    {
        var configuration = LoadConfiguration(file, error);
        if (configuration is null)
        {
            return 2;
        }

        var broker = BindBroker(configuration, error);
        var nodeOptions = new WorkerNodeOptions();
        var nodeValid = TryBind(configuration.GetSection(WorkerNodeOptions.SectionName), nodeOptions, WorkerNodeOptions.SectionName, error)
            && Report(new WorkerNodeOptionsValidator().Validate(null, nodeOptions), error);
        if (broker is null || !nodeValid)
        {
            return 2;
        }

        if (name is not null)
        {
            nodeOptions.Name = name;
        }

        var registry = BuiltInHandlers.Register(new HandlerRegistry());
        using var loggers = CreateLoggerFactory();
        WorkerNode node;
        try
        {
            node = new WorkerNode(nodeOptions, broker, registry, loggers);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        await node.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}

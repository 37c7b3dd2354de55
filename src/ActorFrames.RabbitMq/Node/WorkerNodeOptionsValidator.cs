using Microsoft.Extensions.Options;

namespace ActorFrames.RabbitMq.Node;

/// <summary>Checks <see cref="WorkerNodeOptions"/> at start; every message names the configuration key that is wrong.</summary>
public sealed class WorkerNodeOptionsValidator : IValidateOptions<WorkerNodeOptions>
{
    /// <summary>The most workers one pool may have.</summary>
    public const int MaxWorkers = 1024;

    /// <summary>The most channels a node opens on its connection (RabbitMQ's default channel_max).</summary>
    public const int MaxChannels = 2047;

    private const string Section = WorkerNodeOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Name is { } nodeName && (nodeName.Length > 200 || nodeName.Any(char.IsControl)))
        {
            failures.Add($"{Section}:Name '{nodeName}' must be at most 200 printable characters.");
        }

        if (options.Pools.Count == 0)
        {
            failures.Add($"{Section}:Pools must list at least one pool (Consumer, Handler, Workers).");
        }

        var consumers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Pools.Count; i++)
        {
            var pool = options.Pools[i];
            var key = $"{Section}:Pools:{i}";
            if (pool is null)
            {
                failures.Add($"{key} must not be empty.");
                continue;
            }

            if (!Topology.IsValidName(pool.Consumer ?? string.Empty))
            {
                failures.Add($"{key}:Consumer '{pool.Consumer}' must be 1 to 64 letters, digits, '.', '-' or '_'.");
            }
            else if (!consumers.Add(pool.Consumer!))
            {
                failures.Add($"{key}:Consumer '{pool.Consumer}' is listed twice; one pool per consumer.");
            }

            if (string.IsNullOrWhiteSpace(pool.Handler))
            {
                failures.Add($"{key}:Handler must name a registered handler.");
            }

            if (pool.Workers is < 1 or > MaxWorkers)
            {
                failures.Add($"{key}:Workers {pool.Workers} must be between 1 and {MaxWorkers} (each worker has a broker channel of its own).");
            }
            else if (pool.Prefetch is { } prefetch && (prefetch < pool.Workers || prefetch > ushort.MaxValue))
            {
                failures.Add($"{key}:Prefetch {prefetch} must be between {key}:Workers ({pool.Workers}) and {ushort.MaxValue}, so that every worker can hold a chunk.");
            }
        }

        // Every worker has a channel, every pool one more for its results, the node one for heartbeats: all on one
        // connection, which RabbitMQ limits to 2047 channels by default.
        var channels = 1 + options.Pools.Where(static p => p is not null).Sum(static p => (long)Math.Max(0, p.Workers) + 1);
        if (channels > MaxChannels)
        {
            failures.Add($"{Section}:Pools: the pools' workers need {channels} channels on the node's connection; the broker allows {MaxChannels}. Use fewer workers or run another node.");
        }

        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(100) || options.HeartbeatInterval > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Section}:HeartbeatInterval {options.HeartbeatInterval} must be between 100 ms and 5 min.");
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            failures.Add($"{Section}:DrainTimeout {options.DrainTimeout} must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws when <paramref name="options"/> are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">One or more settings are wrong; the message names each key.</exception>
    internal static void ThrowIfInvalid(WorkerNodeOptions options)
    {
        var result = new WorkerNodeOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Section, typeof(WorkerNodeOptions), result.Failures);
        }
    }
}

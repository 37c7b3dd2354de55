using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorFrames.RabbitMq.Node;
using ActorFrames.RabbitMq.Status;
using RabbitMQ.Client.Exceptions;

namespace ActorFrames.Cli.Commands;

/// <summary>
/// <c>actorframes status</c>: listens to node heartbeats for a moment, then lists the nodes (gone ones marked), their
/// pools with in-flight and processed counts, and each consumer's queue depth and dead letters. Exit codes: 0 shown,
/// 2 bad configuration, 1 broker unreachable.
/// </summary>
internal static class StatusCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "A configuration file whose RabbitMq section (and Node:Pools consumers) to use." };
        var consumers = new Option<string[]>("--consumer") { Description = "A consumer whose queues to report (repeatable).", AllowMultipleArgumentsPerToken = true };
        var listen = new Option<double>("--listen") { Description = "Seconds to listen for heartbeats before reporting.", DefaultValueFactory = static _ => 2.5 };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON." };
        var watch = new Option<bool>("--watch") { Description = "Report again every --listen seconds until Ctrl+C." };
        var command = new Command("status", "Lists worker nodes, their pools, in-flight and processed counts, queue depths and dead letters.")
        {
            config,
            consumers,
            listen,
            json,
            watch,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(config),
            parse.GetValue(consumers) ?? [],
            parse.GetValue(listen),
            parse.GetValue(json),
            parse.GetValue(watch),
            parse.InvocationConfiguration,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string[] consumers, double listenSeconds, bool json, bool watch, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        if (listenSeconds is <= 0 or > 3600 || double.IsNaN(listenSeconds))
        {
            await console.Error.WriteLineAsync($"--listen {listenSeconds.ToString(CultureInfo.InvariantCulture)} must be between 0 and 3600 seconds.").ConfigureAwait(false);
            return 2;
        }

        var configuration = NodeCommand.LoadConfiguration(file, console.Error);
        var broker = configuration is null ? null : NodeCommand.BindBroker(configuration, console.Error);
        if (configuration is null || broker is null)
        {
            return 2;
        }

        var names = new List<string>(consumers);
        if (file is not null)
        {
            var nodeOptions = new WorkerNodeOptions();
            if (!NodeCommand.TryBind(configuration.GetSection(WorkerNodeOptions.SectionName), nodeOptions, WorkerNodeOptions.SectionName, console.Error))
            {
                return 2;
            }

            foreach (var pool in nodeOptions.Pools)
            {
                names.Add(pool.Consumer);
            }
        }

        var monitor = new ClusterMonitor(broker);
        await using var disposeMonitor = monitor.ConfigureAwait(false);
        try
        {
            await monitor.StartAsync(cancellationToken).ConfigureAwait(false);
            do
            {
                await Task.Delay(TimeSpan.FromSeconds(listenSeconds), cancellationToken).ConfigureAwait(false);
                var report = await monitor.ReportAsync(names, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    await console.Output.WriteLineAsync(JsonSerializer.Serialize(report, StatusJsonContext.Default.ClusterStatusReport)).ConfigureAwait(false);
                }
                else
                {
                    await console.Output.WriteAsync(Format(report)).ConfigureAwait(false);
                }
            }
            while (watch);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (BrokerUnreachableException ex)
        {
            await console.Error.WriteLineAsync($"The broker at {broker.Endpoints} is unreachable: {ex.InnerException?.Message ?? ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static string Format(ClusterStatusReport report)
    {
        var text = new System.Text.StringBuilder();
        var up = report.Nodes.Count(static n => !n.IsGone);
        text.Append(CultureInfo.InvariantCulture, $"Nodes: {up} up, {report.Nodes.Length - up} gone\n");
        text.Append(CultureInfo.InvariantCulture, $"{"NODE",-24} {"HOST",-16} {"STATE",-9} {"SEEN",8}  POOLS\n");
        foreach (var node in report.Nodes)
        {
            var state = node.IsGone ? "gone" : node.Last.State.ToString().ToLowerInvariant();
            var seen = (report.TakenAt - node.ReceivedAt).TotalSeconds;
            var pools = string.Join("; ", node.Last.Pools.Select(static p =>
                $"{p.Consumer}={p.Handler} x{p.Workers} in-flight {p.InFlight} processed {p.Processed} failed {p.Failed} dead-lettered {p.DeadLettered}"));
            text.Append(CultureInfo.InvariantCulture, $"{node.Last.Node,-24} {node.Last.Host,-16} {state,-9} {seen,7:0.0}s  {pools}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{"CONSUMER",-24} {"READY",8} {"CONSUMERS",10} {"DEAD LETTERS",13}\n");
        foreach (var queue in report.Queues)
        {
            if (queue.Exists)
            {
                text.Append(CultureInfo.InvariantCulture, $"{queue.Consumer,-24} {queue.Ready,8} {queue.Consumers,10} {queue.DeadLetters,13}\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{queue.Consumer,-24} {"(no queue yet)",33}\n");
            }
        }

        return text.ToString();
    }
}

using System.CommandLine;
using ActorFrames.Cli.Commands;

namespace ActorFrames.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("ActorFrames: streams in, chunks out, handled inline, in pools or across a RabbitMQ cluster.")
        {
            RunCommand.Create(),
            InspectCommand.Create(),
            OasisCommand.Create(),
            NodeCommand.Create(),
            StatusCommand.Create(),
            WorkerCommand.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            return 2;
        }

        // SIGTERM and Ctrl+C cancel the command's token; a worker node then drains (Node:DrainTimeout, 30 s by default)
        // before the process exits, so the forced exit waits well beyond that.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(5) };
        return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
    }
}

using System.CommandLine;
using ActorFrames.Handlers;
using ActorFrames.Workers;
using ActorFrames.Workers.Processes;

namespace ActorFrames.Cli.Commands;

/// <summary>
/// <c>actorframes worker</c>: the child process of the Process worker mode. It serves chunk requests from its
/// standard input with the built-in handlers and writes results to its standard output until the origin
/// closes the pipe. Not meant to be run by hand.
/// </summary>
internal static class WorkerCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var segments = new Option<string>("--segments") { Description = "Where the segments handler writes its WAV files.", DefaultValueFactory = static _ => BuiltInHandlers.DefaultSegmentsFolder };
        var command = new Command("worker", "Serves chunks from the origin over standard input/output (the Process worker mode's child).")
        {
            segments,
        };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var registry = BuiltInHandlers.Register(new HandlerRegistry(), parse.GetValue(segments)!);
            var input = Console.OpenStandardInput();
            var output = Console.OpenStandardOutput();
            await using (input.ConfigureAwait(false))
            await using (output.ConfigureAwait(false))
            {
                await ProcessWorkerHost.RunAsync(registry, input, output, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}

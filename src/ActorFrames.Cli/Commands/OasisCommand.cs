using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using ActorFrames.Cli.Oasis;
using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.Pipelines;
using ActorFrames.Rechunking;
using ActorFrames.Results;
using ActorFrames.Sources;
using ActorFrames.Sources.Oasis;
using ActorFrames.Workers;

namespace ActorFrames.Cli.Commands;

/// <summary>
/// <c>actorframes oasis [FILES...]</c>: reads OASIS loss streams (files, or standard input), sums every event's losses
/// on a worker pool through the pipeline (the registered <c>oasis-totals</c> handler, chunks of whole events) and
/// writes one CSV row per event. Exit codes: 0 written, 2 usage, 1 unreadable or malformed input (the reader's
/// message names the input and the byte offset).
/// </summary>
internal static class OasisCommand
{
    /// <summary>The most workers <c>--workers</c> accepts.</summary>
    public const int MaxWorkers = 256;

    /// <summary>The largest <c>--chunk-bytes</c>: a chunk never holds less than one whole event anyway.</summary>
    public const int MaxChunkBytes = 64 * 1024 * 1024;

    private const string StandardInput = "-";

    private const string Summary = "Sums every event's losses in OASIS loss streams on a worker pool and writes them as CSV.";

    private const string Definition =
        """
        Inputs: OASIS loss streams (gulpy/gulcalc, fmpy/fmcalc or summarypy/summarycalc output): files, or standard
        input when no FILE or '-' is given; several inputs must share one header.
        Output: a CSV with the header row event_id,records,sample_mean_loss,mean_loss and one row per event, by
        ascending event_id:
          records           the number of item (or summary) records of the event, over all inputs;
          sample_mean_loss  the mean over the samples s = 1..len_sample of the event's total loss in sample s, where
                            the total is the sum over the event's records of their loss at sidx s and a sample a record
                            leaves out counts as 0: (sum of every loss with sidx >= 1) / len_sample; empty when
                            len_sample is 0;
          mean_loss         the sum over the event's records of the mean loss (sidx -1); empty when no record has one.
        Losses are float32 in the stream (NaN read as 0), summed in double, printed with up to 6 decimals. Other special
        sample ids (-2 standard deviation, -3 exposure, -4 chance of loss, -5 maximum) are not summed.
        """;

    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var files = new Argument<string[]>("FILES")
        {
            Description = "The loss stream files; '-' or none reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        files.Validators.Add(static result =>
        {
            var count = 0;
            foreach (var token in result.Tokens)
            {
                if (token.Value == StandardInput)
                {
                    count++;
                }
                else if (token.Value.StartsWith('-'))
                {
                    // An unknown option lands here as a file; name it as what it is (a file named "-x" can be given as ./-x).
                    result.AddError($"Unrecognized option '{token.Value}' (see actorframes oasis --help).");
                }
            }

            if (count > 1)
            {
                result.AddError("FILES: '-' (standard input) may be given only once.");
            }
        });
        var output = new Option<string?>("--output", "-o") { Description = "The CSV file to write; standard output when left out." };
        var workers = new Option<int>("--workers", "-w") { Description = "The handler's worker pool size.", DefaultValueFactory = static _ => 2 };
        workers.Validators.Add(static result => CheckRange(result, "--workers", 1, MaxWorkers));
        var chunkBytes = new Option<int>("--chunk-bytes")
        {
            Description = "About how many bytes of whole events go to a worker at once (an event larger than this gets a chunk of its own).",
            DefaultValueFactory = static _ => 64 * 1024,
        };
        chunkBytes.Validators.Add(static result => CheckRange(result, "--chunk-bytes", 64, MaxChunkBytes));
        var help = new HelpOption();
        help.Action = new DefinitionHelpAction(help.Action!);
        var command = new Command("oasis", Summary)
        {
            files,
            output,
            workers,
            chunkBytes,
            help,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(files) ?? [],
            parse.GetValue(output),
            parse.GetValue(workers),
            parse.GetValue(chunkBytes),
            parse.InvocationConfiguration,
            cancellationToken));
        return command;
    }

    private static void CheckRange(OptionResult result, string name, int min, int max)
    {
        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} {value} must be between {min} and {max}."));
        }
    }

    private static async Task<int> RunAsync(string[] files, string? outputPath, int workers, int chunkBytes, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            if (file != StandardInput && !File.Exists(file))
            {
                await console.Error.WriteLineAsync($"oasis: '{file}': no such file.").ConfigureAwait(false);
                return 1;
            }
        }

        OasisTotalsTable table;
        try
        {
            table = await ComputeAsync(files, workers, chunkBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("oasis: interrupted; no totals written.").ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ex is SourceFormatException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            // A stream cut short by Ctrl-C (the writer died with us) is an interruption, not a malformed stream.
            var cause = cancellationToken.IsCancellationRequested ? "interrupted; no totals written." : OneLine(ex.Message);
            await console.Error.WriteLineAsync($"oasis: {cause}").ConfigureAwait(false);
            return 1;
        }

        if (outputPath is null)
        {
            table.WriteCsv(console.Output);
            await console.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }

        try
        {
            var writer = new StreamWriter(outputPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            await using (writer.ConfigureAwait(false))
            {
                table.WriteCsv(writer);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"oasis: cannot write --output '{outputPath}': {OneLine(ex.Message)}").ConfigureAwait(false);
            return 1;
        }

        await console.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"oasis: {table.EventCount} events ({table.RecordCount} records, {table.ChunkCount} chunks) written to {outputPath}")).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Reads the inputs through a pipeline whose one consumer runs the totals handler on a pool.</summary>
    private static async Task<OasisTotalsTable> ComputeAsync(string[] files, int workers, int chunkBytes, CancellationToken cancellationToken)
    {
        var source = await OpenAsync(files, chunkBytes, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var table = new OasisTotalsTable(source.Header.SampleCount);
            var failures = new List<string>();
            var consumer = new ConsumerOptions
            {
                Name = "totals",
                Handler = BuiltInHandlers.OasisTotalsFor(source.Header.StreamType),
                Mode = WorkerMode.Pool(workers),

                // Emission order fixes the order in which an event's partial sums are added, so the output is repeatable.
                Ordering = ResultOrdering.Emission,

                // Each source frame holds whole events; whole-frame chunks of at least one element are exactly one frame each.
                Chunking = new RechunkOptions { Size = 1, Mode = RechunkMode.WholeFrames },
            };
            var registry = BuiltInHandlers.Register(new HandlerRegistry());

            // The pipeline reads with its own stop token, which the command's token cancels cleanly.
            var run = Pipeline.From(source.ReadAllAsync(CancellationToken.None))
                .WithHandlers(registry)
                .Consumer<OasisTotalsResult>(consumer, result => Collect(result, table, failures))
                .Start(cancellationToken);
            await using (run.ConfigureAwait(false))
            {
                // Stop waiting on Ctrl-C even when a read from standard input cannot be cancelled; disposal stops the run.
                await run.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (failures.Count > 0)
            {
                throw new InvalidOperationException($"{failures.Count} chunk(s) failed; the first: {failures[0]}");
            }

            return table;
        }
    }

    private static void Collect(ChunkResult<OasisTotalsResult> result, OasisTotalsTable table, List<string> failures)
    {
        if (result.IsSuccess)
        {
            table.Add(result.Value!);
        }
        else
        {
            failures.Add($"chunk {result.Chunk.Sequence}: {result.Error!.Message}");
        }
    }

    private static async Task<OasisSource> OpenAsync(string[] files, int chunkBytes, CancellationToken cancellationToken)
    {
        var options = new OasisSourceOptions { TargetFrameBytes = chunkBytes };
        if (files.Length == 0)
        {
            return await OasisSource.OpenAsync([OpenStandardInput()], new SourceId("stdin"), options, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var inputs = new List<OasisInput>(files.Length);
        try
        {
            foreach (var file in files)
            {
                inputs.Add(file == StandardInput ? OpenStandardInput() : OasisInput.FromFile(file));
            }
        }
        catch
        {
            foreach (var input in inputs)
            {
                await input.Stream.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        // OpenAsync owns the streams from here on, also when it fails.
        var id = new SourceId(files.Length == 1 ? files[0] : $"{files[0]} (+{files.Length - 1})");
        return await OasisSource.OpenAsync(inputs, id, options, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Standard input as a plain console stream.</summary>
    /// <remarks>
    /// Not <see cref="OasisInput.FromStandardInput"/>: on Linux, disposing its pipe stream over descriptor 0 (which it
    /// does not own) spins forever once a pipe has been read, so the command would never exit. A console stream's
    /// read cannot be cancelled, which only matters when Ctrl-C arrives while a writer keeps the pipe open.
    /// </remarks>
    private static OasisInput OpenStandardInput() => new("stdin", Console.OpenStandardInput());

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>The usual help, followed by the definition of the output's columns (too long for the command list).</summary>
    private sealed class DefinitionHelpAction(CommandLineAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = standard is SynchronousCommandLineAction help ? help.Invoke(parseResult) : 0;
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(Definition);
            return code;
        }
    }
}

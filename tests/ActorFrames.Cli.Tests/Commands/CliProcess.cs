using System.Diagnostics;
using System.Text;

namespace ActorFrames.Tests.Commands;

/// <summary>Runs the built <c>actorframes</c> executable (actorframes.dll next to the tests) as a child process.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _feeding = Task.CompletedTask;

    private CliProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public int Id => _process.Id;

    /// <summary>Completes with the first line the process writes to standard output.</summary>
    public Task<string> FirstLine => _firstLine.Task;

    public static CliProcess Start(string workingDirectory, params string[] arguments) => Start(workingDirectory, null, arguments);

    /// <summary>Starts the executable with <paramref name="standardInput"/> written to its standard input, which is then closed.</summary>
    public static CliProcess StartWithInput(string workingDirectory, byte[] standardInput, params string[] arguments)
        => Start(workingDirectory, standardInput, arguments);

    private static CliProcess Start(string workingDirectory, byte[]? standardInput, string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actorframes.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                // Output closed (the process ended) before any line: let waiters go on and see why.
                cli._firstLine.TrySetResult(string.Empty);
                return;
            }

            lock (cli._output)
            {
                cli._output.AppendLine(e.Data);
            }

            cli._firstLine.TrySetResult(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (cli._error)
                {
                    cli._error.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            cli._feeding = FeedAsync(process.StandardInput.BaseStream, standardInput);
        }

        return cli;
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"actorframes did not exit within {timeout}. Output so far:\n{Output}\n{Error}");
        }

        _process.WaitForExit();
        await _feeding;
        return _process.ExitCode;
    }

    private static async Task FeedAsync(Stream input, byte[] bytes)
    {
        await using (input)
        {
            await input.WriteAsync(bytes);
        }
    }

    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-s", "INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}

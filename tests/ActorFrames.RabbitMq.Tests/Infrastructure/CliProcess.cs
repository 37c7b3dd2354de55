using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorFrames.Tests.Infrastructure;

/// <summary>
/// The built <c>actorframes</c> command line run as a child process (the test project builds it through a project
/// reference): a worker node, or a one-shot command.
/// </summary>
internal sealed partial class CliProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CliProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Gets the repository root (the folder that holds ActorFrames.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

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

    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs a command to its end.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        using var cli = Start(environment, arguments);
        var code = await cli.WaitForExitAsync(timeout);
        return (code, cli.Output);
    }

    /// <summary>kill -9: no chance to clean up; the broker requeues what it held.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>kill -TERM: the node drains and exits.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"actorframes (pid {_process.Id}) did not exit within {timeout}. Output:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static string CliAssembly()
    {
        // tests/ActorFrames.RabbitMq.Tests/bin/<Configuration>/<tfm>/ -> src/ActorFrames.Cli/bin/<Configuration>/<tfm>/actorframes.dll
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        var path = Path.Combine(RepositoryRoot, "src", "ActorFrames.Cli", "bin", configuration, tfm.Name, "actorframes.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The actorframes command line was not built at {path}.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorFrames.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ActorFrames.sln above {AppContext.BaseDirectory}.");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

using System.Diagnostics;
using ActorFrames.Tests.Infrastructure;

namespace ActorFrames.Tests.Deploy;

/// <summary>Runs the command-line checkers the deployment files are validated with (no Docker engine, no cluster).</summary>
internal static class ToolRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string tool, IReadOnlyDictionary<string, string>? environment, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            WorkingDirectory = CliProcess.RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{tool}' is not installed; the deployment checks need it ({Package(tool)}).", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
    }

    private static string Package(string tool) => tool switch
    {
        "docker-compose" => "apt-get install -y docker-compose",
        "kubectl" => "the kubectl client",
        "python3" => "apt-get install -y python3-yaml",
        "systemd-analyze" => "apt-get install -y systemd",
        _ => tool,
    };
}

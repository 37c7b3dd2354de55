using System.Diagnostics;

namespace ActorFrames.Tests.Sources;

/// <summary>Runs the ffmpeg tools for tests that compare against them or need them to make media files.</summary>
internal static class FfmpegProcess
{
    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/> and returns its standard output.</summary>
    public static async Task<byte[]> RunAsync(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (tool == "ffmpeg")
        {
            info.ArgumentList.Add("-nostdin");
            info.ArgumentList.Add("-hide_banner");
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await copy;
        var stderr = await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr}");
        }

        return output.ToArray();
    }

    /// <summary>Makes a file with ffmpeg (overwriting it) and returns its path.</summary>
    public static async Task<string> MakeAsync(string path, params string[] arguments)
    {
        await RunAsync("ffmpeg", [.. arguments, "-y", path]);
        return path;
    }

    /// <summary>Decodes <paramref name="input"/> to raw samples of <paramref name="format"/> (ffmpeg -f name, e.g. s16le).</summary>
    public static Task<byte[]> DecodeRawAsync(string input, string format, params string[] extra)
        => RunAsync("ffmpeg", ["-v", "error", "-i", input, .. extra, "-f", format, "pipe:1"]);
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorFrames.Sources.Media;

/// <summary>
/// One run of the ffmpeg process for a <see cref="MediaSource"/>: builds the argument list (never a shell command
/// line), connects the outputs (the first on standard output, the others over loopback TCP), pumps every output until
/// ffmpeg exits, and always stops the process, the listeners and the pumps before returning.
/// </summary>
internal static class FfmpegRun
{
    private const int StderrTailChars = 4096;

    /// <summary>Runs ffmpeg once; returns its exit code, the tail of its error output and whether any output got data.</summary>
    public static async Task<(int ExitCode, string Stderr, bool GotData)> RunAsync(MediaSourceOptions options, IReadOnlyList<IMediaOutput> outputs, TimeSpan startAt, DateTimeOffset zero, CancellationToken cancellationToken)
    {
        var listeners = new TcpListener?[outputs.Count];
        try
        {
            var info = new ProcessStartInfo(MediaExecutables.Resolve(options.FfmpegPath, nameof(MediaSourceOptions.FfmpegPath)))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in (ReadOnlySpan<string>)["-nostdin", "-hide_banner", "-loglevel", "error"])
            {
                info.ArgumentList.Add(argument);
            }

            MediaArguments.AddInput(info.ArgumentList, options, startAt);
            for (var i = 0; i < outputs.Count; i++)
            {
                var target = "pipe:1";
                if (i > 0)
                {
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start(1);
                    listeners[i] = listener;
                    target = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
                }

                outputs[i].AddArguments(info.ArgumentList, target);
            }

            return await RunProcessAsync(info, outputs, options.Input, listeners, zero, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Stop();
            }
        }
    }

    private static async Task<(int ExitCode, string Stderr, bool GotData)> RunProcessAsync(ProcessStartInfo info, IReadOnlyList<IMediaOutput> outputs, string input, TcpListener?[] listeners, DateTimeOffset zero, CancellationToken cancellationToken)
    {
        var gotData = 0;
        var onData = () => Volatile.Write(ref gotData, 1);
        using var process = Process.Start(info) ?? throw new IOException($"ffmpeg did not start for '{input}'.");
        process.StandardInput.Close();
        using var accepting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var pumping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stderr = ReadTailAsync(process.StandardError);
        var pumps = new Task[outputs.Count];
        Array.Fill(pumps, Task.CompletedTask);
        try
        {
            pumps[0] = outputs[0].PumpAsync(process.StandardOutput.BaseStream, zero, onData, pumping.Token);
            for (var i = 1; i < pumps.Length; i++)
            {
                pumps[i] = AcceptAndPumpAsync(listeners[i]!, outputs[i], zero, onData, accepting.Token, pumping.Token);
            }

            var exited = process.WaitForExitAsync(cancellationToken);
            var pumped = Task.WhenAll(pumps);
            if (await Task.WhenAny(exited, pumped).ConfigureAwait(false) == pumped && pumped.IsFaulted)
            {
                await pumped.ConfigureAwait(false); // a reader-side failure: rethrow, and the finally block stops ffmpeg
            }

            await exited.ConfigureAwait(false);
            await accepting.CancelAsync().ConfigureAwait(false); // outputs ffmpeg never connected end empty
            await pumped.ConfigureAwait(false);
            return (process.ExitCode, await stderr.ConfigureAwait(false), Volatile.Read(ref gotData) != 0);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            // Stop every pump (one may wait for a reader) and wait for them, so none outlives the run.
            await accepting.CancelAsync().ConfigureAwait(false);
            await pumping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pumps).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await ((Task)stderr).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task AcceptAndPumpAsync(TcpListener listener, IMediaOutput output, DateTimeOffset zero, Action onData, CancellationToken accepting, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = await listener.AcceptSocketAsync(accepting).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (accepting.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return; // ffmpeg exited without opening this output; its exit code tells why
        }

        var stream = new NetworkStream(socket, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            await output.PumpAsync(stream, zero, onData, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> ReadTailAsync(StreamReader reader)
    {
        var tail = new StringBuilder();
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            tail.Append(line).Append('\n');
            if (tail.Length > StderrTailChars)
            {
                tail.Remove(0, tail.Length - StderrTailChars);
            }
        }

        return tail.ToString();
    }
}

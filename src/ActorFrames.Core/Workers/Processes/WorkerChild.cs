using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using ActorFrames.Frames;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Workers.Processes;

/// <summary>One worker child process and its two pipes.</summary>
internal sealed class WorkerChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _request = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _response = new(4 * 1024);
    private readonly ILogger _logger;

    private WorkerChild(Process process, ILogger logger)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _logger = logger;
    }

    /// <summary>Gets the child's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts a child.</summary>
    public static WorkerChild Start(string file, IReadOnlyList<string> arguments, ILogger logger)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                ProcessWorkerLog.ChildStderr(logger, process.Id, line);
            }
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start worker child '{file}'.");
        }

        process.BeginErrorReadLine();
        return new WorkerChild(process, logger);
    }

    /// <summary>Sends one chunk and waits for its response.</summary>
    /// <returns>Whether the handler succeeded, and the payload (result bytes or error text), valid until the next call.</returns>
    /// <exception cref="WorkerChildLostException">The child died or its pipe broke.</exception>
    public async ValueTask<(bool Success, ReadOnlyMemory<byte> Payload)> SendAsync<T>(long requestId, string handler, Chunk<T> chunk, CancellationToken cancellationToken)
        where T : unmanaged
    {
        _request.ResetWrittenCount();
        PipeProtocol.WriteRequest(_request, requestId, handler, chunk);
        try
        {
            await _input.WriteAsync(_request.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _input.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (!await PipeProtocol.ReadFrameAsync(_output, PipeProtocol.ResponseMagic, _response, cancellationToken).ConfigureAwait(false))
            {
                throw new WorkerChildLostException($"Worker child {ProcessId} closed its output (exited).");
            }
        }
        catch (IOException ex)
        {
            throw new WorkerChildLostException($"Worker child {ProcessId} broke its pipe: {ex.Message}", ex);
        }

        var frame = _response.WrittenMemory;
        if (frame.Length < 9)
        {
            throw new WorkerChildLostException($"Worker child {ProcessId} sent a {frame.Length}-byte response, shorter than its 9-byte header.");
        }

        var id = BinaryPrimitives.ReadInt64LittleEndian(frame.Span);
        if (id != requestId)
        {
            throw new WorkerChildLostException($"Worker child {ProcessId} answered request {id} while {requestId} was outstanding.");
        }

        return (frame.Span[8] == 0, frame[9..]);
    }

    /// <summary>Closes the child's input so it ends, and kills it if it does not within a second.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _input.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The child is already gone; its input pipe has no reader.
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    /// <summary>Reads an error payload as text.</summary>
    public static string ErrorText(ReadOnlySpan<byte> payload) => Encoding.UTF8.GetString(payload);
}

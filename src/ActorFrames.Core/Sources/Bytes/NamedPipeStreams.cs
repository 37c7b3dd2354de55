using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace ActorFrames.Sources.Bytes;

/// <summary>
/// Opens named pipes (FIFOs on Unix, pipe names on Windows) and the process's standard input as
/// <see cref="PipeStream"/>s, whose asynchronous reads and writes are truly cancellable (a <see cref="FileStream"/>
/// on a FIFO blocks a thread-pool thread in read(2) that no token can interrupt).
/// </summary>
internal static class NamedPipeStreams
{
    /// <summary>Opens <paramref name="path"/> for reading or writing, waiting for the other end to open it.</summary>
    /// <param name="path">The FIFO path (Unix) or pipe name (Windows, with or without the \\.\pipe\ prefix).</param>
    /// <param name="direction">In to read, Out to write.</param>
    /// <param name="cancellationToken">Cancels the wait for the other end.</param>
    /// <returns>The open pipe.</returns>
    public static async Task<Stream> OpenAsync(string path, PipeDirection direction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (direction is not (PipeDirection.In or PipeDirection.Out))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "A named pipe source reads (In) and a sink writes (Out); InOut is not supported.");
        }

        if (OperatingSystem.IsWindows())
        {
            const string prefix = @"\\.\pipe\";
            var name = path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? path[prefix.Length..] : path;
            var client = new NamedPipeClientStream(".", name, direction, PipeOptions.Asynchronous);
            try
            {
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return client;
            }
            catch
            {
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Named pipe '{path}' does not exist: create it first (mkfifo).", path);
        }

        // open(2) on a FIFO blocks until the other end opens it. Run it off the caller's thread; on cancellation,
        // open the other end ourselves so the blocked open returns, then close what it opened.
        var access = direction == PipeDirection.In ? FileAccess.Read : FileAccess.Write;
        var opening = Task.Factory.StartNew(
            static state =>
            {
                var (p, a) = ((string, FileAccess))state!;
                return File.OpenHandle(p, FileMode.Open, a, FileShare.ReadWrite);
            },
            (path, access),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        SafeFileHandle handle;
        try
        {
            handle = await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await UnblockAsync(path, opening).ConfigureAwait(false);
            throw;
        }

        return WrapUnix(handle, direction);
    }

    /// <summary>Opens the process's standard input.</summary>
    /// <returns>The standard input stream.</returns>
    /// <remarks>
    /// Wrapping descriptor 0 in an <see cref="AnonymousPipeClientStream"/> made reads cancellable, but on Linux its
    /// disposal never returned once a pipe had been read (an endless <c>fcntl(0, F_GETFD)</c> loop), so the plain
    /// console stream is used: a read waiting on an idle writer ends when the writer closes or the process exits.
    /// </remarks>
    public static Stream OpenStandardInput() => Console.OpenStandardInput();

    private static AnonymousPipeClientStream WrapUnix(SafeFileHandle handle, PipeDirection direction)
    {
        var fd = handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        var pipeHandle = new SafePipeHandle(fd, ownsHandle: true);
        try
        {
            return new AnonymousPipeClientStream(direction, pipeHandle);
        }
        catch
        {
            pipeHandle.Dispose();
            throw;
        }
    }

    private static async Task UnblockAsync(string path, Task<SafeFileHandle> opening)
    {
        // On Linux a FIFO opened read-write does not block and counts as both ends, which releases the pending open.
        using var counterpart = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        using var opened = await opening.ConfigureAwait(false);
    }
}

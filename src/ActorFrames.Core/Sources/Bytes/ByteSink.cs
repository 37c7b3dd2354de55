using System.IO.Pipes;
using System.Net.Sockets;
using ActorFrames.Frames;

namespace ActorFrames.Sources.Bytes;

/// <summary>
/// Writes bytes to a TCP connection, a named pipe or any stream with forward pressure: each write completes only
/// when every byte was handed to the operating system, so a slow reader at the other end slows the writer down
/// (the socket or pipe buffer fills and the write waits), and a partial send is continued until it is complete.
/// </summary>
public sealed class ByteSink : IAsyncDisposable
{
    private readonly Socket? _socket;
    private readonly Stream? _stream;
    private readonly bool _leaveOpen;
    private long _written;
    private int _disposed;

    private ByteSink(string name, Socket? socket, Stream? stream, bool leaveOpen)
    {
        Name = name;
        _socket = socket;
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Gets the sink's name (the endpoint or path), used in error messages.</summary>
    public string Name { get; }

    /// <summary>Gets the number of bytes written so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _written);

    /// <summary>Writes to any writable stream.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="name">The name used in error messages.</param>
    /// <param name="leaveOpen">Whether disposing the sink leaves <paramref name="stream"/> open.</param>
    /// <returns>The sink.</returns>
    public static ByteSink ToStream(Stream stream, string name, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!stream.CanWrite)
        {
            throw new ArgumentException($"Stream for sink '{name}' is not writable.", nameof(stream));
        }

        return new ByteSink(name, socket: null, stream, leaveOpen);
    }

    /// <summary>Connects to a TCP server and writes to it.</summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The sink, named tcp://host:port.</returns>
    public static async Task<ByteSink> ConnectTcpAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new ByteSink($"tcp://{host}:{port}", socket, stream: null, leaveOpen: false);
    }

    /// <summary>Writes to an accepted (or otherwise connected) socket, which the sink then owns.</summary>
    /// <param name="socket">A connected stream socket.</param>
    /// <returns>The sink, named after the remote endpoint.</returns>
    public static ByteSink ToSocket(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!socket.Connected)
        {
            throw new ArgumentException("The socket must be connected.", nameof(socket));
        }

        return new ByteSink($"tcp://{socket.RemoteEndPoint}", socket, stream: null, leaveOpen: false);
    }

    /// <summary>Opens a named pipe (a FIFO on Unix) for writing, waiting for a reader to open it.</summary>
    /// <param name="path">The FIFO path (Unix) or pipe name (Windows).</param>
    /// <param name="cancellationToken">Cancels the wait for a reader.</param>
    /// <returns>The sink, named after <paramref name="path"/>.</returns>
    public static async Task<ByteSink> OpenNamedPipeAsync(string path, CancellationToken cancellationToken = default)
    {
        var stream = await NamedPipeStreams.OpenAsync(path, PipeDirection.Out, cancellationToken).ConfigureAwait(false);
        return new ByteSink(path, socket: null, stream, leaveOpen: false);
    }

    /// <summary>Writes all of <paramref name="data"/>, continuing partial sends until every byte is written.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write; the sink is then in an unknown state and should be disposed.</param>
    /// <returns>A task that completes when every byte was written.</returns>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (data.IsEmpty)
        {
            return ValueTask.CompletedTask;
        }

        return _socket is { } socket ? SendAllAsync(socket, data, cancellationToken) : WriteStreamAsync(data, cancellationToken);
    }

    /// <summary>Writes a frame's bytes. The frame stays owned by the caller.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when every byte was written.</returns>
    public ValueTask WriteAsync(Frame<byte> frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return WriteAsync(frame.Memory, cancellationToken);
    }

    /// <summary>Flushes buffered bytes (a no-op for sockets, which buffer nothing in user space).</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the bytes were flushed.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default)
        => _stream is { } stream ? stream.FlushAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Closes the sending side (the peer reads end of stream) and releases the socket or stream.</summary>
    /// <returns>A task that completes when the sink is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_socket is { } socket)
        {
            if (socket.Connected)
            {
                socket.Shutdown(SocketShutdown.Send);
            }

            socket.Dispose();
        }
        else if (_stream is { } stream && !_leaveOpen)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (sent <= 0)
            {
                throw new IOException($"Sink '{Name}': the connection accepted no bytes after {BytesWritten} bytes written.");
            }

            Interlocked.Add(ref _written, sent);
            data = data[sent..];
        }
    }

    private async ValueTask WriteStreamAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // Stream.WriteAsync writes every byte or throws; pipe streams loop over partial writes internally.
        await _stream!.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _written, data.Length);
    }
}

using System.IO.Pipes;
using System.Net.Sockets;
using ActorFrames.Frames;

namespace ActorFrames.Sources.Bytes;

/// <summary>
/// Reads a byte stream (standard input, a file, a named pipe, a TCP connection) as frames of at most
/// <see cref="BlockSize"/> bytes. Each <see cref="ReadAsync"/> performs one read of the underlying stream, so the
/// producer at the other end is held back by the pipe or socket buffer whenever the consumer is slower
/// (backpressure), and a frame holds whatever arrived in that read (never more than one block).
/// </summary>
public sealed class ByteStreamSource : IFrameSource<byte>
{
    /// <summary>The default block size: 64 KiB, the Linux pipe capacity.</summary>
    public const int DefaultBlockSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _block;
    private readonly bool _leaveOpen;
    private readonly TimeProvider _timeProvider;
    private long _sequence;
    private long _position;
    private int _disposed;

    private ByteStreamSource(Stream stream, SourceId id, int blockSize, bool leaveOpen, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(id.Value, nameof(id));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        if (!stream.CanRead)
        {
            throw new ArgumentException($"Stream for source '{id}' is not readable.", nameof(stream));
        }

        _stream = stream;
        _block = new byte[blockSize];
        _leaveOpen = leaveOpen;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Id = id;
        BlockSize = blockSize;
    }

    /// <inheritdoc />
    public SourceId Id { get; }

    /// <inheritdoc />
    public int Channels => 1;

    /// <inheritdoc />
    public double? SampleRate => null;

    /// <summary>Gets the largest number of bytes one frame holds.</summary>
    public int BlockSize { get; }

    /// <summary>Gets the number of bytes read so far.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Reads frames from any readable stream.</summary>
    /// <param name="stream">The stream to read.</param>
    /// <param name="id">The source identity stamped on the frames.</param>
    /// <param name="blockSize">The largest frame, in bytes.</param>
    /// <param name="leaveOpen">Whether disposing the source leaves <paramref name="stream"/> open.</param>
    /// <param name="timeProvider">The clock that timestamps frames (the time each read completed); the system clock if null.</param>
    /// <returns>The source.</returns>
    public static ByteStreamSource FromStream(Stream stream, SourceId id, int blockSize = DefaultBlockSize, bool leaveOpen = false, TimeProvider? timeProvider = null)
        => new(stream, id, blockSize, leaveOpen, timeProvider);

    /// <summary>Reads the process's standard input (cancellable when it is a pipe).</summary>
    /// <param name="blockSize">The largest frame, in bytes.</param>
    /// <param name="timeProvider">The clock that timestamps frames; the system clock if null.</param>
    /// <returns>The source, named "stdin".</returns>
    public static ByteStreamSource OpenStandardInput(int blockSize = DefaultBlockSize, TimeProvider? timeProvider = null)
        => new(NamedPipeStreams.OpenStandardInput(), new SourceId("stdin"), blockSize, leaveOpen: false, timeProvider);

    /// <summary>Reads a file sequentially.</summary>
    /// <param name="path">The file.</param>
    /// <param name="blockSize">The largest frame, in bytes.</param>
    /// <param name="timeProvider">The clock that timestamps frames; the system clock if null.</param>
    /// <returns>The source, named after <paramref name="path"/>.</returns>
    public static ByteStreamSource OpenFile(string path, int blockSize = DefaultBlockSize, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return new(stream, new SourceId(path), blockSize, leaveOpen: false, timeProvider);
    }

    /// <summary>Opens a named pipe (a FIFO on Unix) for reading, waiting for a writer to open it.</summary>
    /// <param name="path">The FIFO path (Unix) or pipe name (Windows).</param>
    /// <param name="blockSize">The largest frame, in bytes.</param>
    /// <param name="timeProvider">The clock that timestamps frames; the system clock if null.</param>
    /// <param name="cancellationToken">Cancels the wait for a writer.</param>
    /// <returns>The source, named after <paramref name="path"/>.</returns>
    public static async Task<ByteStreamSource> OpenNamedPipeAsync(string path, int blockSize = DefaultBlockSize, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var stream = await NamedPipeStreams.OpenAsync(path, PipeDirection.In, cancellationToken).ConfigureAwait(false);
        return new(stream, new SourceId(path), blockSize, leaveOpen: false, timeProvider);
    }

    /// <summary>Connects to a TCP server and reads what it sends.</summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="blockSize">The largest frame, in bytes.</param>
    /// <param name="timeProvider">The clock that timestamps frames; the system clock if null.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The source, named tcp://host:port.</returns>
    public static async Task<ByteStreamSource> ConnectTcpAsync(string host, int port, int blockSize = DefaultBlockSize, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
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

        return FromSocket(socket, new SourceId($"tcp://{host}:{port}"), blockSize, timeProvider);
    }

    /// <summary>Accepts one connection on <paramref name="listener"/> and reads what the peer sends.</summary>
    /// <param name="listener">A started listener; it stays open and owned by the caller.</param>
    /// <param name="blockSize">The largest frame, in bytes.</param>
    /// <param name="timeProvider">The clock that timestamps frames; the system clock if null.</param>
    /// <param name="cancellationToken">Cancels the wait for a connection.</param>
    /// <returns>The source, named after the peer's endpoint.</returns>
    public static async Task<ByteStreamSource> AcceptTcpAsync(System.Net.Sockets.TcpListener listener, int blockSize = DefaultBlockSize, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
        return FromSocket(socket, new SourceId($"tcp://{socket.RemoteEndPoint}"), blockSize, timeProvider);
    }

    /// <inheritdoc />
    public ValueTask<Frame<byte>?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // Read into the source's own block and copy out, so the frame is stamped with the time the data arrived
        // (a frame's info is fixed when it is rented) and no pooled frame is held while the read waits.
        var read = _stream.ReadAsync(_block, cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            return new ValueTask<Frame<byte>?>(Complete(read.Result));
        }

        return AwaitAsync(this, read);

        static async ValueTask<Frame<byte>?> AwaitAsync(ByteStreamSource self, ValueTask<int> pending)
            => self.Complete(await pending.ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ByteStreamSource FromSocket(Socket socket, SourceId id, int blockSize, TimeProvider? timeProvider)
        => new(new NetworkStream(socket, ownsSocket: true), id, blockSize, leaveOpen: false, timeProvider);

    private Frame<byte>? Complete(int count)
    {
        if (count == 0)
        {
            return null;
        }

        var info = new FrameInfo(Id, _sequence++, _timeProvider.GetUtcNow());
        Interlocked.Add(ref _position, count);
        return Frame<byte>.Copy(_block.AsSpan(0, count), info);
    }
}

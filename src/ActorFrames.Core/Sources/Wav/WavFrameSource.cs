using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ActorFrames.Frames;

namespace ActorFrames.Sources.Wav;

/// <summary>
/// Streams the samples of a WAV, RF64 or BW64 file (or pipe) as frames, never holding more than one frame of the file in
/// memory. Elements are the file's native type (u8 as byte, s16 as short, s24 as left-justified int, s32 as int, f32 as
/// float, f64 as double), or float/double normalized to [-1, 1) from any integer format.
/// </summary>
/// <typeparam name="T">The element type of the frames.</typeparam>
public sealed class WavFrameSource<T> : IFrameSource<T>
    where T : unmanaged
{
    private const int DefaultFrameBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly bool _native;
    private readonly int _framesPerRead;
    private readonly DateTimeOffset _origin;
    private readonly long? _dataLength;
    private readonly long _dataOffset;
    private readonly bool _syncReads;
    private readonly ByteViewMemoryManager<T>? _view;
    private readonly byte[]? _scratch;
    private long _dataRead;
    private long _sequence;
    private int _disposed;

    private WavFrameSource(Stream stream, SourceId id, WavLayout layout, WavSourceOptions options, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Id = id;
        Format = layout.Format;
        IsRf64 = layout.IsRf64;
        _dataLength = layout.DataLength;
        _dataOffset = layout.DataOffset;
        _syncReads = stream is FileStream { IsAsync: false, CanSeek: true };
        _origin = options.Origin;
        _native = WavSampleConversion.IsNative<T>(Format.SampleFormat);
        _framesPerRead = options.FramesPerRead > 0 ? options.FramesPerRead : Math.Max(1, DefaultFrameBytes / Format.BlockAlign);
        if (_native)
        {
            _view = new ByteViewMemoryManager<T>();
        }
        else
        {
            _scratch = new byte[checked(_framesPerRead * Format.BlockAlign)];
        }
    }

    /// <inheritdoc />
    public SourceId Id { get; }

    /// <summary>Gets the file's sample layout.</summary>
    public WavFormat Format { get; }

    /// <summary>Gets whether the file is RF64/BW64 (64-bit sizes).</summary>
    public bool IsRf64 { get; }

    /// <inheritdoc />
    public int Channels => Format.Channels;

    /// <inheritdoc />
    public double? SampleRate => Format.SampleRate;

    /// <summary>Gets the number of sample frames in the file, or <see langword="null"/> for a streamed file of unknown length.</summary>
    public long? TotalFrames => _dataLength / Format.BlockAlign;

    /// <summary>Gets the number of sample frames read so far.</summary>
    public long FramesRead => _dataRead / Format.BlockAlign;

    /// <summary>Opens a WAV file and reads its header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Frame size and timestamp origin; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the header read.</param>
    /// <returns>The source, named after <paramref name="path"/>, positioned at the first sample.</returns>
    /// <exception cref="SourceFormatException">The header is malformed or the file truncated.</exception>
    /// <exception cref="NotSupportedException">The samples cannot be read as <typeparamref name="T"/>.</exception>
    public static async Task<WavFrameSource<T>> OpenAsync(string path, WavSourceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        try
        {
            return await OpenAsync(stream, new SourceId(path), options, leaveOpen: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the header of a WAV stream (a file, a pipe, a socket) positioned at its first byte.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="id">The source identity, also used in error messages.</param>
    /// <param name="options">Frame size and timestamp origin; defaults when null.</param>
    /// <param name="leaveOpen">Whether disposing the source leaves <paramref name="stream"/> open.</param>
    /// <param name="cancellationToken">Cancels the header read.</param>
    /// <returns>The source, positioned at the first sample.</returns>
    /// <exception cref="SourceFormatException">The header is malformed or the file truncated.</exception>
    /// <exception cref="NotSupportedException">The samples cannot be read as <typeparamref name="T"/>.</exception>
    public static async Task<WavFrameSource<T>> OpenAsync(Stream stream, SourceId id, WavSourceOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(id.Value, nameof(id));
        options ??= new WavSourceOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.FramesPerRead, "options.FramesPerRead");
        _ = ElementTypes.Of<T>();
        var layout = await WavHeaderParser.ParseAsync(stream, id.Value, cancellationToken).ConfigureAwait(false);
        if (!WavSampleConversion.CanRead<T>(layout.Format.SampleFormat))
        {
            throw new NotSupportedException($"{id}: {layout.Format} samples cannot be read as {typeof(T).Name}; read them as their native type, float or double.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The WAV reader assumes a little-endian machine.");
        }

        return new WavFrameSource<T>(stream, id, layout, options, leaveOpen);
    }

    /// <inheritdoc />
    // Pooled state machines: a read that waits would otherwise allocate once per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Frame<T>?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var blockAlign = Format.BlockAlign;
        long frames = _framesPerRead;
        if (_dataLength is { } length)
        {
            frames = Math.Min(frames, (length - _dataRead) / blockAlign);
            if (frames == 0)
            {
                return null;
            }
        }

        var elements = (int)frames * Format.Channels;
        var frame = Frame<T>.Rent(elements, new FrameInfo(Id, _sequence, TimestampOf(_dataRead / blockAlign), Format.Channels, Format.SampleRate));
        try
        {
            Memory<byte> target;
            if (_native)
            {
                MemoryMarshal.TryGetArray<T>(frame.GetWriteMemory(), out var segment);
                target = _view!.View(segment.Array!, elements);
            }
            else
            {
                target = _scratch.AsMemory(0, (int)frames * blockAlign);
            }

            var got = await ReadWholeFramesAsync(target, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                frame.Release();
                return null;
            }

            if (!_native)
            {
                WavSampleConversion.Convert(_scratch.AsSpan(0, got), Format.SampleFormat, frame.GetWriteSpan()[..(got / Format.BytesPerSample)]);
            }

            frame.Shrink(got / Format.BytesPerSample);
            _sequence++;
            return frame;
        }
        catch
        {
            frame.Release();
            throw;
        }
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

    /// <summary>Reads at least one whole sample frame, completing a sample frame split across reads.</summary>
    // Pooled state machines: a read that waits would otherwise allocate once per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadWholeFramesAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        var blockAlign = Format.BlockAlign;
        var got = 0;
        while (got == 0 || got % blockAlign != 0)
        {
            // A regular file is read synchronously: the page cache answers at once, and an asynchronous FileStream read
            // on Unix is the same blocking read moved to the thread pool, which halves throughput for small frames.
            var n = _syncReads
                ? _stream.Read(target.Span[got..])
                : await _stream.ReadAsync(target[got..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            got += n;
            _dataRead += n;
        }

        if (got % blockAlign != 0)
        {
            throw new SourceFormatException(Id.Value, DataOffsetOf(_dataRead), $"the stream ended {got % blockAlign} bytes into a {blockAlign}-byte sample frame: the file is truncated");
        }

        if (got == 0 && _dataLength is { } length && _dataRead < length)
        {
            throw new SourceFormatException(Id.Value, DataOffsetOf(_dataRead), $"the stream ended {length - _dataRead} bytes before the end of the {length}-byte data chunk: the file is truncated");
        }

        return got;
    }

    private long DataOffsetOf(long dataBytes) => _dataOffset + dataBytes;

    private DateTimeOffset TimestampOf(long frameIndex)
    {
        var rate = Format.SampleRate;
        var whole = frameIndex / rate;
        var rest = frameIndex % rate;
        return _origin.AddTicks((whole * TimeSpan.TicksPerSecond) + (rest * TimeSpan.TicksPerSecond / rate));
    }
}

using System.Buffers.Binary;

namespace ActorFrames.Sources.Wav;

/// <summary>
/// Writes a WAV file as a stream of samples. On a seekable output the header reserves room for an RF64 ds64 chunk
/// (a JUNK chunk, as EBU Tech 3306 describes) and <see cref="CompleteAsync"/> patches the sizes, turning the file
/// into RF64 when it outgrows 4 GiB. On a pipe or socket the sizes are written as 0xFFFFFFFF ("unknown, read to
/// the end"), which is what ffmpeg writes and what <see cref="WavFrameSource{T}"/> accepts.
/// </summary>
public sealed class WavWriter : IAsyncDisposable
{
    private const int ScratchBytes = 64 * 1024;
    private const int JunkBody = 28;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly bool _seekable;
    private readonly long _headerStart;
    private readonly int _dataSizeOffset;
    private readonly byte[] _scratch = new byte[ScratchBytes];
    private long _dataBytes;
    private int _completed;
    private int _disposed;

    private WavWriter(Stream output, WavFormat format, bool leaveOpen)
    {
        _output = output;
        _leaveOpen = leaveOpen;
        _seekable = output.CanSeek;
        _headerStart = _seekable ? output.Position : 0;
        Format = format;
        _dataSizeOffset = WriteHeader(_scratch, format, _seekable) - 4;
    }

    /// <summary>Gets the format being written.</summary>
    public WavFormat Format { get; }

    /// <summary>Gets the sample frames written so far.</summary>
    public long FramesWritten => _dataBytes / Format.BlockAlign;

    /// <summary>Gets or sets the RIFF size above which the file is finished as RF64 (tests lower it to avoid writing 4 GiB).</summary>
    internal long Rf64Threshold { get; set; } = uint.MaxValue;

    /// <summary>Creates <paramref name="path"/> (replacing any file there) and writes the header.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="format">The sample layout.</param>
    /// <param name="cancellationToken">Cancels the header write.</param>
    /// <returns>The writer; dispose it (or call <see cref="CompleteAsync"/>) to finish the file.</returns>
    public static async Task<WavWriter> CreateAsync(string path, WavFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        try
        {
            return await CreateAsync(stream, format, leaveOpen: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes the header to <paramref name="output"/>.</summary>
    /// <param name="output">A writable stream; seekable for exact sizes, or a pipe for streamed output.</param>
    /// <param name="format">The sample layout.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="output"/> open.</param>
    /// <param name="cancellationToken">Cancels the header write.</param>
    /// <returns>The writer; dispose it (or call <see cref="CompleteAsync"/>) to finish the file.</returns>
    public static async Task<WavWriter> CreateAsync(Stream output, WavFormat format, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(format);
        format.Validate();
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }

        var writer = new WavWriter(output, format, leaveOpen);
        await output.WriteAsync(writer._scratch.AsMemory(0, writer._dataSizeOffset + 4), cancellationToken).ConfigureAwait(false);
        return writer;
    }

    /// <summary>Appends interleaved samples.</summary>
    /// <typeparam name="T">The format's native type (byte, short, int, float, double), or int (left-justified) for s24.</typeparam>
    /// <param name="samples">Whole sample frames: a multiple of the channel count.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the samples were written.</returns>
    public async ValueTask WriteAsync<T>(ReadOnlyMemory<T> samples, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _completed) != 0, this);
        if (!WavSampleConversion.CanWrite<T>(Format.SampleFormat))
        {
            throw new ArgumentException($"{typeof(T).Name} elements cannot be written as {Format.SampleFormat} samples: use the format's native type (int for s24).", nameof(samples));
        }

        if (samples.Length % Format.Channels != 0)
        {
            throw new ArgumentException($"samples holds {samples.Length} elements, not a whole number of {Format.Channels}-channel sample frames.", nameof(samples));
        }

        var perChunk = ScratchBytes / Format.BlockAlign * Format.Channels;
        if (perChunk == 0)
        {
            throw new NotSupportedException($"Sample frames of {Format.BlockAlign} bytes exceed the writer's {ScratchBytes}-byte buffer.");
        }

        while (!samples.IsEmpty)
        {
            var part = samples[..Math.Min(perChunk, samples.Length)];
            var bytes = part.Length * Format.BytesPerSample;
            WavSampleConversion.Pack(part.Span, Format.SampleFormat, _scratch);
            await _output.WriteAsync(_scratch.AsMemory(0, bytes), cancellationToken).ConfigureAwait(false);
            _dataBytes += bytes;
            samples = samples[part.Length..];
        }
    }

    /// <summary>Finishes the file: writes the pad byte and, on a seekable output, the final sizes (RF64 past 4 GiB).</summary>
    /// <param name="cancellationToken">Cancels the final writes.</param>
    /// <returns>A task that completes when the file is finished and flushed.</returns>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        var padded = _dataBytes + (_dataBytes & 1);
        if ((_dataBytes & 1) != 0)
        {
            _scratch[0] = 0;
            await _output.WriteAsync(_scratch.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
        }

        if (_seekable)
        {
            var end = _output.Position;
            var riffSize = _dataSizeOffset + 4 + padded - 8;
            var header = _scratch.AsMemory(0, _dataSizeOffset + 4);
            WriteHeader(header.Span, Format, reserveDs64: true);
            if (riffSize > Rf64Threshold)
            {
                MakeRf64(header.Span, riffSize, _dataBytes, FramesWritten);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(header.Span[4..], (uint)riffSize);
                BinaryPrimitives.WriteUInt32LittleEndian(header.Span[_dataSizeOffset..], (uint)_dataBytes);
            }

            _output.Seek(_headerStart, SeekOrigin.Begin);
            await _output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            _output.Seek(end, SeekOrigin.Begin);
        }

        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finishes the file (see <see cref="CompleteAsync"/>) and closes the output unless told to leave it open.</summary>
    /// <returns>A task that completes when the writer is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            if (!_leaveOpen)
            {
                await _output.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the header with unknown sizes; returns its length (the data size field is its last 4 bytes).</summary>
    private static int WriteHeader(Span<byte> buffer, WavFormat format, bool reserveDs64)
    {
        var p = 0;
        WriteId(buffer, ref p, "RIFF");
        WriteU32(buffer, ref p, uint.MaxValue);
        WriteId(buffer, ref p, "WAVE");
        if (reserveDs64)
        {
            WriteId(buffer, ref p, "JUNK");
            WriteU32(buffer, ref p, JunkBody);
            buffer.Slice(p, JunkBody).Clear();
            p += JunkBody;
        }

        var isFloat = format.SampleFormat is WavSampleFormat.F32 or WavSampleFormat.F64;
        var tag = (ushort)(isFloat ? 3 : 1);
        WriteId(buffer, ref p, "fmt ");
        WriteU32(buffer, ref p, format.IsExtensible ? 40u : 16u);
        WriteU16(buffer, ref p, format.IsExtensible ? (ushort)0xFFFE : tag);
        WriteU16(buffer, ref p, (ushort)format.Channels);
        WriteU32(buffer, ref p, (uint)format.SampleRate);
        WriteU32(buffer, ref p, (uint)(format.SampleRate * (long)format.BlockAlign));
        WriteU16(buffer, ref p, (ushort)format.BlockAlign);
        WriteU16(buffer, ref p, (ushort)format.BitsPerSample);
        if (format.IsExtensible)
        {
            WriteU16(buffer, ref p, 22);
            WriteU16(buffer, ref p, (ushort)format.BitsPerSample);
            WriteU32(buffer, ref p, format.ChannelMask);
            WriteU16(buffer, ref p, tag);
            ReadOnlySpan<byte> tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            tail.CopyTo(buffer[p..]);
            p += tail.Length;
        }

        WriteId(buffer, ref p, "data");
        WriteU32(buffer, ref p, uint.MaxValue);
        return p;
    }

    private static void MakeRf64(Span<byte> header, long riffSize, long dataBytes, long frames)
    {
        var p = 0;
        WriteId(header, ref p, "RF64");
        p = 12;
        WriteId(header, ref p, "ds64");
        WriteU32(header, ref p, JunkBody);
        BinaryPrimitives.WriteInt64LittleEndian(header[p..], riffSize);
        BinaryPrimitives.WriteInt64LittleEndian(header[(p + 8)..], dataBytes);
        BinaryPrimitives.WriteInt64LittleEndian(header[(p + 16)..], frames);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(p + 24)..], 0);
    }

    private static void WriteId(Span<byte> buffer, ref int p, string id)
    {
        for (var i = 0; i < 4; i++)
        {
            buffer[p + i] = (byte)id[i];
        }

        p += 4;
    }

    private static void WriteU16(Span<byte> buffer, ref int p, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[p..], value);
        p += 2;
    }

    private static void WriteU32(Span<byte> buffer, ref int p, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[p..], value);
        p += 4;
    }
}

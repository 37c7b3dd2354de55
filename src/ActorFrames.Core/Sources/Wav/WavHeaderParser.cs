using System.Buffers.Binary;
using System.Numerics;

namespace ActorFrames.Sources.Wav;

/// <summary>
/// Parses a RIFF/RF64/BW64 WAVE header up to the first sample byte, treating every field as hostile: sizes are
/// checked against the rules and the stream, nothing is allocated from a size read in the file, and every failure is a
/// <see cref="SourceFormatException"/> naming the input and the byte offset.
/// </summary>
internal sealed class WavHeaderParser
{
    private const uint Unknown32 = uint.MaxValue;
    private const int MaxFmtChunk = 4096;
    private const int MaxDs64Chunk = 64 * 1024;
    private const ushort TagPcm = 1;
    private const ushort TagFloat = 3;
    private const ushort TagExtensible = 0xFFFE;

    // The tail shared by the KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT GUIDs after their leading format tag.
    private static ReadOnlySpan<byte> SubFormatTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private readonly Stream _stream;
    private readonly string _name;
    private readonly byte[] _buffer = new byte[MaxFmtChunk];
    private readonly long _start;
    private long _position;

    private WavHeaderParser(Stream stream, string name)
    {
        _stream = stream;
        _name = name;
        _start = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>Reads the header and leaves <paramref name="stream"/> at the first sample byte.</summary>
    /// <param name="stream">The input, positioned at the start of the RIFF header.</param>
    /// <param name="name">The input's name for error messages.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The layout.</returns>
    public static Task<WavLayout> ParseAsync(Stream stream, string name, CancellationToken cancellationToken)
        => new WavHeaderParser(stream, name).ParseAsync(cancellationToken);

    private async Task<WavLayout> ParseAsync(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(12, "the 12-byte RIFF header", cancellationToken).ConfigureAwait(false);
        var riffId = BinaryPrimitives.ReadUInt32BigEndian(_buffer);
        var isRf64 = riffId is 0x52463634 or 0x42573634; // "RF64", "BW64"
        if (riffId != 0x52494646 && !isRf64)
        {
            throw Error(0, $"expected 'RIFF', 'RF64' or 'BW64' but found {Describe(_buffer.AsSpan(0, 4))}: not a WAV file (big-endian RIFX is not supported)");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(8)) != 0x57415645)
        {
            throw Error(8, $"expected form type 'WAVE' but found {Describe(_buffer.AsSpan(8, 4))}");
        }

        long? ds64DataSize = isRf64 ? await ReadDs64Async(cancellationToken).ConfigureAwait(false) : null;
        WavFormat? format = null;
        while (true)
        {
            var chunkStart = _position;
            if (!await TryReadChunkHeaderAsync(cancellationToken).ConfigureAwait(false))
            {
                throw Error(chunkStart, format is null ? "the stream ended before a 'fmt ' chunk" : "the stream ended before a 'data' chunk");
            }

            var id = BinaryPrimitives.ReadUInt32BigEndian(_buffer);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(4));
            switch (id)
            {
                case 0x666D7420: // "fmt "
                    if (format is not null)
                    {
                        throw Error(chunkStart, "a second 'fmt ' chunk: a WAV file has exactly one");
                    }

                    format = await ReadFmtAsync(chunkStart, size, cancellationToken).ConfigureAwait(false);
                    break;
                case 0x64617461: // "data"
                    if (format is null)
                    {
                        throw Error(chunkStart, "the 'data' chunk comes before the 'fmt ' chunk");
                    }

                    return MakeLayout(format, chunkStart, size, isRf64, ds64DataSize);
                default:
                    await SkipAsync(chunkStart, size + (size & 1L), Describe(_buffer.AsSpan(0, 4)), cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private WavLayout MakeLayout(WavFormat format, long chunkStart, uint size, bool isRf64, long? ds64DataSize)
    {
        long? length = size;
        if (size == Unknown32)
        {
            length = isRf64 ? ds64DataSize : null;
        }

        if (length is { } known)
        {
            if (known % format.BlockAlign != 0)
            {
                throw Error(chunkStart + 4, $"the data chunk holds {known} bytes, not a whole number of {format.BlockAlign}-byte sample frames ({format})");
            }

            if (_stream.CanSeek && _start + _position + known > _stream.Length)
            {
                throw Error(chunkStart + 4, $"the data chunk declares {known} bytes but only {_stream.Length - _start - _position} follow before the end of the file: the file is truncated");
            }
        }

        return new WavLayout(format, _position, length, isRf64);
    }

    private async Task<long> ReadDs64Async(CancellationToken cancellationToken)
    {
        var chunkStart = _position;
        if (!await TryReadChunkHeaderAsync(cancellationToken).ConfigureAwait(false))
        {
            throw Error(chunkStart, "an RF64 file must continue with a 'ds64' chunk, but the stream ended");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(_buffer) != 0x64733634)
        {
            throw Error(chunkStart, $"an RF64 file must continue with a 'ds64' chunk, found {Describe(_buffer.AsSpan(0, 4))}");
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(4));
        if (size is < 28 or > MaxDs64Chunk)
        {
            throw Error(chunkStart + 4, $"ds64 chunk size {size} is outside 28..{MaxDs64Chunk}");
        }

        await ReadExactlyAsync(28, "the ds64 sizes", cancellationToken).ConfigureAwait(false);
        var dataSize = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(8));
        if (dataSize > long.MaxValue / 2)
        {
            throw Error(chunkStart + 16, $"ds64 data size {dataSize} is implausibly large");
        }

        await SkipAsync(chunkStart, size - 28 + (size & 1L), "'ds64'", cancellationToken).ConfigureAwait(false);
        return (long)dataSize;
    }

    private async Task<WavFormat> ReadFmtAsync(long chunkStart, uint size, CancellationToken cancellationToken)
    {
        if (size is < 16 or > MaxFmtChunk)
        {
            throw Error(chunkStart + 4, $"'fmt ' chunk size {size} is outside 16..{MaxFmtChunk}");
        }

        var body = (int)size + (int)(size & 1);
        await ReadExactlyAsync(body, "the 'fmt ' chunk", cancellationToken).ConfigureAwait(false);
        var fmt = _buffer.AsSpan(0, (int)size);
        var bodyStart = chunkStart + 8;
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        var extensible = tag == TagExtensible;
        uint mask = 0;
        if (extensible)
        {
            if (size < 40 || BinaryPrimitives.ReadUInt16LittleEndian(fmt[16..]) < 22)
            {
                throw Error(chunkStart + 4, $"a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk needs 40 bytes with cbSize >= 22, found size {size}");
            }

            int validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[18..]);
            if (validBits > bits)
            {
                throw Error(bodyStart + 18, $"valid bits per sample {validBits} exceed the container's {bits} bits");
            }

            mask = BinaryPrimitives.ReadUInt32LittleEndian(fmt[20..]);
            if (!fmt.Slice(26, 14).SequenceEqual(SubFormatTail))
            {
                throw Error(bodyStart + 24, "the extensible sub-format GUID is not a KSDATAFORMAT_SUBTYPE GUID (PCM or IEEE float)");
            }

            if (BitOperations.PopCount(mask) > channels)
            {
                // More speakers than channels: the spec says the extra bits are ignored; keep only what is used.
                mask = KeepLowestBits(mask, channels);
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
        }

        var sampleFormat = (tag, bits) switch
        {
            (TagPcm, 8) => WavSampleFormat.U8,
            (TagPcm, 16) => WavSampleFormat.S16,
            (TagPcm, 24) => WavSampleFormat.S24,
            (TagPcm, 32) => WavSampleFormat.S32,
            (TagFloat, 32) => WavSampleFormat.F32,
            (TagFloat, 64) => WavSampleFormat.F64,
            (TagPcm, _) => throw Error(bodyStart + 14, $"PCM with {bits} bits per sample is not supported (8, 16, 24 or 32)"),
            (TagFloat, _) => throw Error(bodyStart + 14, $"IEEE float with {bits} bits per sample is not supported (32 or 64)"),
            _ => throw Error(bodyStart, $"format tag 0x{tag:X4} is not PCM (1), IEEE float (3) or extensible (0xFFFE): decode such files with the media source (ffmpeg)"),
        };
        if (channels is < 1 or > WavFormat.MaxChannels)
        {
            throw Error(bodyStart + 2, $"channel count {channels} is outside 1..{WavFormat.MaxChannels}");
        }

        if (rate is 0 or > int.MaxValue)
        {
            throw Error(bodyStart + 4, $"sample rate {rate} is outside 1..{int.MaxValue}");
        }

        var format = new WavFormat(sampleFormat, channels, (int)rate, mask, extensible);
        if (blockAlign != format.BlockAlign)
        {
            throw Error(bodyStart + 12, $"block align {blockAlign} does not equal channels x bytes per sample = {format.BlockAlign}");
        }

        return format;
    }

    private static uint KeepLowestBits(uint mask, int count)
    {
        uint kept = 0;
        for (var i = 0; i < count && mask != 0; i++)
        {
            var lowest = mask & (uint)-(int)mask;
            kept |= lowest;
            mask &= ~lowest;
        }

        return kept;
    }

    private async Task<bool> TryReadChunkHeaderAsync(CancellationToken cancellationToken)
    {
        var got = await ReadAtLeastAsync(8, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return false;
        }

        if (got < 8)
        {
            throw Error(_position, $"the stream ended {got} bytes into an 8-byte chunk header: the file is truncated");
        }

        return true;
    }

    private async Task ReadExactlyAsync(int count, string what, CancellationToken cancellationToken)
    {
        var start = _position;
        var got = await ReadAtLeastAsync(count, cancellationToken).ConfigureAwait(false);
        if (got < count)
        {
            throw Error(start + got, $"the stream ended {got} bytes into {what} ({count} bytes): the file is truncated");
        }
    }

    private async Task<int> ReadAtLeastAsync(int count, CancellationToken cancellationToken)
    {
        var got = await _stream.ReadAtLeastAsync(_buffer.AsMemory(0, count), count, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        _position += got;
        return got;
    }

    private async Task SkipAsync(long chunkStart, long count, string chunk, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        if (_stream.CanSeek)
        {
            var remaining = _stream.Length - _stream.Position;
            if (count > remaining)
            {
                throw Error(chunkStart + 4, $"chunk {chunk} declares {count} bytes but only {remaining} remain: the file is truncated");
            }

            _stream.Seek(count, SeekOrigin.Current);
            _position += count;
            return;
        }

        while (count > 0)
        {
            var want = (int)Math.Min(count, _buffer.Length);
            var got = await _stream.ReadAsync(_buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                throw Error(_position, $"the stream ended with {count} bytes of chunk {chunk} left to skip: the file is truncated");
            }

            _position += got;
            count -= got;
        }
    }

    private SourceFormatException Error(long offset, string problem) => new(_name, offset, problem);

    private static string Describe(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return "0x" + Convert.ToHexString(id);
            }
        }

        return "'" + System.Text.Encoding.ASCII.GetString(id) + "'";
    }
}

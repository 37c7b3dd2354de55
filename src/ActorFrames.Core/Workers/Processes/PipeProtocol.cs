using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using ActorFrames.Frames;

namespace ActorFrames.Workers.Processes;

/// <summary>
/// The pipe framing between an origin and its worker children. A request carries the handler name and the
/// chunk's metadata in a fixed little-endian header, then the chunk's raw elements; a response carries the
/// request id, a status and the encoded result (or the error text). No general-purpose serializer.
/// </summary>
internal static class PipeProtocol
{
    /// <summary>"AFQ1": a request.</summary>
    public const uint RequestMagic = 0x31514641;

    /// <summary>"AFP1": a response.</summary>
    public const uint ResponseMagic = 0x31504641;

    /// <summary>The fixed part of a request after magic and length.</summary>
    public const int RequestFixedSize = 8 + 1 + 1 + 2 + 2 + 2 + 8 + 8 + 2 + 4 + 8 + 8 + 8 + 4;

    /// <summary>The largest frame either side accepts (a chunk of 256 MiB).</summary>
    public const int MaxFrameBytes = 256 << 20;

    private const byte PartialFlag = 1;
    private const byte RateFlag = 2;

    /// <summary>Writes a request for <paramref name="chunk"/> into <paramref name="output"/>.</summary>
    public static void WriteRequest<T>(IBufferWriter<byte> output, long requestId, string handler, Chunk<T> chunk)
        where T : unmanaged
    {
        ref readonly var info = ref chunk.Info;
        var body = System.Runtime.InteropServices.MemoryMarshal.AsBytes(chunk.Span);
        var handlerBytes = Encoding.UTF8.GetByteCount(handler);
        var consumerBytes = Encoding.UTF8.GetByteCount(info.Consumer);
        var sourceBytes = Encoding.UTF8.GetByteCount(info.Source.Value ?? string.Empty);
        var length = RequestFixedSize + handlerBytes + consumerBytes + sourceBytes + body.Length;
        var span = output.GetSpan(8 + length - body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span, RequestMagic);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], length);
        var s = span[8..];
        BinaryPrimitives.WriteInt64LittleEndian(s, requestId);
        s[8] = (byte)ElementTypes.Of<T>();
        s[9] = (byte)((info.IsPartial ? PartialFlag : 0) | (info.SampleRate.HasValue ? RateFlag : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(s[10..], (ushort)handlerBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(s[12..], (ushort)consumerBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(s[14..], (ushort)sourceBytes);
        BinaryPrimitives.WriteInt64LittleEndian(s[16..], info.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(s[24..], info.Timestamp.UtcTicks);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], (short)info.Timestamp.Offset.TotalMinutes);
        BinaryPrimitives.WriteInt32LittleEndian(s[34..], info.Channels);
        BinaryPrimitives.WriteDoubleLittleEndian(s[38..], info.SampleRate ?? 0);
        BinaryPrimitives.WriteInt64LittleEndian(s[46..], info.FramesDroppedBefore);
        BinaryPrimitives.WriteInt64LittleEndian(s[54..], info.ChunksDroppedBefore);
        BinaryPrimitives.WriteInt32LittleEndian(s[62..], body.Length);
        var at = RequestFixedSize;
        at += Encoding.UTF8.GetBytes(handler, s[at..]);
        at += Encoding.UTF8.GetBytes(info.Consumer, s[at..]);
        at += Encoding.UTF8.GetBytes(info.Source.Value ?? string.Empty, s[at..]);
        output.Advance(8 + at);
        output.Write(body);
    }

    /// <summary>Reads a request's fields from its payload (everything after magic and length).</summary>
    public static RequestHeader ReadRequest(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> body)
    {
        if (payload.Length < RequestFixedSize)
        {
            throw new InvalidDataException($"A worker request of {payload.Length} bytes is shorter than its {RequestFixedSize}-byte header.");
        }

        var requestId = BinaryPrimitives.ReadInt64LittleEndian(payload);
        var elementType = (ElementType)payload[8];
        var flags = payload[9];
        int handlerBytes = BinaryPrimitives.ReadUInt16LittleEndian(payload[10..]);
        int consumerBytes = BinaryPrimitives.ReadUInt16LittleEndian(payload[12..]);
        int sourceBytes = BinaryPrimitives.ReadUInt16LittleEndian(payload[14..]);
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(payload[16..]);
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(payload[24..]);
        var offsetMinutes = BinaryPrimitives.ReadInt16LittleEndian(payload[32..]);
        var channels = BinaryPrimitives.ReadInt32LittleEndian(payload[34..]);
        var rate = BinaryPrimitives.ReadDoubleLittleEndian(payload[38..]);
        var framesDropped = BinaryPrimitives.ReadInt64LittleEndian(payload[46..]);
        var chunksDropped = BinaryPrimitives.ReadInt64LittleEndian(payload[54..]);
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(payload[62..]);
        if (bodyLength < 0 || RequestFixedSize + handlerBytes + consumerBytes + sourceBytes + bodyLength != payload.Length)
        {
            throw new InvalidDataException($"Worker request {requestId}: the name and body lengths ({handlerBytes}+{consumerBytes}+{sourceBytes}+{bodyLength}) do not add up to its {payload.Length}-byte payload.");
        }

        var at = RequestFixedSize;
        var handler = Encoding.UTF8.GetString(payload.Slice(at, handlerBytes));
        at += handlerBytes;
        var consumer = Encoding.UTF8.GetString(payload.Slice(at, consumerBytes));
        at += consumerBytes;
        var source = Encoding.UTF8.GetString(payload.Slice(at, sourceBytes));
        at += sourceBytes;
        body = payload.Slice(at, bodyLength);
        var timestamp = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
        var info = new ChunkInfo(
            new SourceId(source),
            consumer,
            sequence,
            timestamp,
            channels,
            (flags & RateFlag) != 0 ? rate : null,
            (flags & PartialFlag) != 0,
            framesDropped,
            chunksDropped);
        return new RequestHeader(requestId, handler, elementType, info);
    }

    /// <summary>Writes a response frame.</summary>
    public static void WriteResponse(IBufferWriter<byte> output, long requestId, bool success, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(8 + 9);
        BinaryPrimitives.WriteUInt32LittleEndian(span, ResponseMagic);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 9 + payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], requestId);
        span[16] = success ? (byte)0 : (byte)1;
        output.Advance(17);
        output.Write(payload);
    }

    /// <summary>Reads one length-prefixed frame with the expected magic; returns <see langword="false"/> at a clean end of stream.</summary>
    public static async ValueTask<bool> ReadFrameAsync(Stream input, uint magic, ArrayBufferWriter<byte> frame, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        if (!await ReadExactlyOrEndAsync(input, header, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var actual = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
        if (actual != magic)
        {
            throw new InvalidDataException($"Worker pipe: expected frame magic 0x{magic:X8}, read 0x{actual:X8}.");
        }

        if (length < 0 || length > MaxFrameBytes)
        {
            throw new InvalidDataException($"Worker pipe: frame length {length} is outside 0..{MaxFrameBytes}.");
        }

        frame.ResetWrittenCount();
        var memory = frame.GetMemory(Math.Max(length, 1))[..length];
        await input.ReadExactlyAsync(memory, cancellationToken).ConfigureAwait(false);
        frame.Advance(length);
        return true;
    }

    private static async ValueTask<bool> ReadExactlyOrEndAsync(Stream input, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return false;
        }

        if (read < buffer.Length)
        {
            throw new EndOfStreamException($"Worker pipe ended inside a frame header ({read} of {buffer.Length} bytes).");
        }

        return true;
    }

    /// <summary>The decoded fixed part of a request.</summary>
    public readonly record struct RequestHeader(long RequestId, string Handler, ElementType ElementType, ChunkInfo Info);
}

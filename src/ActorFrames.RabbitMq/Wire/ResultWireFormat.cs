using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ActorFrames.RabbitMq.Wire;

/// <summary>
/// The reply message format. One reply carries the outcomes of one or more chunks (a worker pool groups the results
/// that finish while its previous reply awaits the broker's confirm), as consecutive little-endian records:
/// <c>id (int64) · attempt (int32) · status (byte: 0 result, 1 failure) · length (int32) · payload</c>. A result's
/// payload is the handler's encoded result; a failure's payload is the UTF-8 text <c>error type '\n' message</c>.
/// The header <see cref="WireHeaders.Node"/> names the worker node, <see cref="WireHeaders.Batch"/> counts the records.
/// </summary>
internal static class ResultWireFormat
{
    private const int RecordHeader = sizeof(long) + sizeof(int) + 1 + sizeof(int);
    private const byte Succeeded = 0;
    private const byte Failed = 1;

    /// <summary>Appends a result record.</summary>
    /// <param name="output">The reply body.</param>
    /// <param name="id">The chunk's id.</param>
    /// <param name="attempt">Which delivery produced it, from 1.</param>
    /// <param name="result">The encoded result.</param>
    public static void WriteResult(IBufferWriter<byte> output, long id, int attempt, ReadOnlySpan<byte> result)
    {
        var span = output.GetSpan(RecordHeader + result.Length);
        WriteHeader(span, id, attempt, Succeeded, result.Length);
        result.CopyTo(span[RecordHeader..]);
        output.Advance(RecordHeader + result.Length);
    }

    /// <summary>Appends a failure record.</summary>
    /// <param name="output">The reply body.</param>
    /// <param name="id">The chunk's id.</param>
    /// <param name="attempt">The delivery that gave up, from 1.</param>
    /// <param name="errorType">The handler's exception type.</param>
    /// <param name="message">Its message.</param>
    public static void WriteFailure(IBufferWriter<byte> output, long id, int attempt, string errorType, string message)
    {
        var length = Encoding.UTF8.GetByteCount(errorType) + 1 + Encoding.UTF8.GetByteCount(message);
        var span = output.GetSpan(RecordHeader + length);
        WriteHeader(span, id, attempt, Failed, length);
        var text = span[RecordHeader..];
        var written = Encoding.UTF8.GetBytes(errorType, text);
        text[written++] = (byte)'\n';
        Encoding.UTF8.GetBytes(message, text[written..]);
        output.Advance(RecordHeader + length);
    }

    /// <summary>Reads the next record and moves past it.</summary>
    /// <param name="body">The rest of the reply body.</param>
    /// <param name="record">The record; its payload points into <paramref name="body"/>.</param>
    /// <returns><see langword="false"/> at the end of the body.</returns>
    /// <exception cref="FormatException">The body ends inside a record or holds an unknown status.</exception>
    public static bool TryRead(ref ReadOnlySpan<byte> body, out ReplyRecord record)
    {
        if (body.IsEmpty)
        {
            record = default;
            return false;
        }

        if (body.Length < RecordHeader)
        {
            throw new FormatException($"A reply record needs {RecordHeader} header bytes, but only {body.Length} remain.");
        }

        var id = BinaryPrimitives.ReadInt64LittleEndian(body);
        var attempt = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
        var status = body[12];
        var length = BinaryPrimitives.ReadInt32LittleEndian(body[13..]);
        if (status > Failed)
        {
            throw new FormatException($"Reply record {id} has status {status}; 0 (result) or 1 (failure) was expected.");
        }

        if (length < 0 || length > body.Length - RecordHeader)
        {
            throw new FormatException($"Reply record {id} declares {length} payload bytes, but {body.Length - RecordHeader} remain.");
        }

        record = new ReplyRecord(id, attempt, status == Succeeded, body.Slice(RecordHeader, length));
        body = body[(RecordHeader + length)..];
        return true;
    }

    /// <summary>Splits a failure payload into the error type and message.</summary>
    /// <param name="payload">The failure payload.</param>
    /// <returns>The type and the message.</returns>
    public static (string Type, string Message) ReadFailure(ReadOnlySpan<byte> payload)
    {
        var newline = payload.IndexOf((byte)'\n');
        return newline < 0
            ? (string.Empty, Encoding.UTF8.GetString(payload))
            : (Encoding.UTF8.GetString(payload[..newline]), Encoding.UTF8.GetString(payload[(newline + 1)..]));
    }

    private static void WriteHeader(Span<byte> span, long id, int attempt, byte status, int length)
    {
        BinaryPrimitives.WriteInt64LittleEndian(span, id);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], attempt);
        span[12] = status;
        BinaryPrimitives.WriteInt32LittleEndian(span[13..], length);
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ActorFrames.Frames;

namespace ActorFrames.RabbitMq.Wire;

/// <summary>
/// The chunk wire format: the body is the chunk's raw little-endian elements, the metadata travels as AMQP headers
/// (<see cref="WireHeaders"/>). No general-purpose serializer is involved.
/// </summary>
/// <remarks>
/// Writing reuses a header dictionary owned by one pooled outgoing message: numbers are stored into the boxes already
/// in it, so that steady-state publishing allocates no header values. This is safe only because such a dictionary
/// belongs to exactly one message until the broker confirmed it, and RabbitMQ.Client reads it only while publishing.
/// </remarks>
internal static class ChunkWireFormat
{
    private static readonly object s_true = true;

    /// <summary>Writes a chunk's metadata into <paramref name="headers"/>.</summary>
    /// <param name="headers">The pooled header dictionary of one outgoing message.</param>
    /// <param name="info">The chunk's metadata.</param>
    /// <param name="elementType">The element type of the body.</param>
    /// <param name="stream">The stream name's UTF-8 bytes.</param>
    /// <param name="labels">The consumer and handler names' UTF-8 bytes.</param>
    /// <param name="id">The dispatcher's id of the chunk.</param>
    public static void WriteChunk(IDictionary<string, object?> headers, in ChunkInfo info, ElementType elementType, byte[] stream, Utf8Labels labels, long id)
    {
        headers[WireHeaders.Stream] = stream;
        headers[WireHeaders.Consumer] = labels.Consumer;
        headers[WireHeaders.Handler] = labels.Handler;
        SetInt64(headers, WireHeaders.Id, id);
        SetInt64(headers, WireHeaders.Sequence, info.Sequence);
        SetInt64(headers, WireHeaders.Timestamp, info.Timestamp.UtcTicks);
        SetInt32(headers, WireHeaders.ElementType, (int)elementType);
        SetInt32(headers, WireHeaders.Channels, info.Channels);
        if (info.IsPartial)
        {
            headers[WireHeaders.Partial] = s_true;
        }
        else
        {
            // Every header costs the broker work on each publish and delivery: the flag travels only on a stream's tail.
            headers.Remove(WireHeaders.Partial);
        }

        if (info.SampleRate is { } rate)
        {
            SetDouble(headers, WireHeaders.Rate, rate);
        }
        else
        {
            headers.Remove(WireHeaders.Rate);
        }

        SetOptionalInt64(headers, WireHeaders.FramesDropped, info.FramesDroppedBefore);
        SetOptionalInt64(headers, WireHeaders.ChunksDropped, info.ChunksDroppedBefore);
    }

    /// <summary>Reads a chunk's metadata from the headers of a delivered message.</summary>
    /// <param name="headers">The message headers.</param>
    /// <param name="strings">Reuses the strings of recurring names.</param>
    /// <param name="elementType">The element type of the body.</param>
    /// <param name="handler">The handler name's UTF-8 bytes.</param>
    /// <param name="id">The origin's id of the chunk.</param>
    /// <returns>The chunk's metadata.</returns>
    /// <exception cref="FormatException">A header is missing or has the wrong type; the message names it.</exception>
    public static ChunkInfo ReadChunk(IDictionary<string, object?>? headers, Utf8Interner strings, out ElementType elementType, out ReadOnlySpan<byte> handler, out long id)
    {
        if (headers is null)
        {
            ThrowMissing(WireHeaders.Id);
        }

        var stream = strings.GetString(GetBytes(headers, WireHeaders.Stream));
        var consumer = strings.GetString(GetBytes(headers, WireHeaders.Consumer));
        handler = GetBytes(headers, WireHeaders.Handler);
        id = GetInt64(headers, WireHeaders.Id);
        var sequence = GetInt64(headers, WireHeaders.Sequence);
        var ticks = GetInt64(headers, WireHeaders.Timestamp);
        if (ticks is < 0 or > 3155378975999999999)
        {
            throw new FormatException($"Header '{WireHeaders.Timestamp}' holds {ticks}, which is not a valid UTC tick count.");
        }

        var type = GetInt64(headers, WireHeaders.ElementType);
        if (type is < (int)ElementType.U8 or > (int)ElementType.F64)
        {
            throw new FormatException($"Header '{WireHeaders.ElementType}' holds {type}, which names no element type (1 to 5).");
        }

        elementType = (ElementType)type;
        var channels = GetInt64(headers, WireHeaders.Channels);
        if (channels is < 1 or > int.MaxValue)
        {
            throw new FormatException($"Header '{WireHeaders.Channels}' holds {channels}; a chunk has at least one channel.");
        }

        double? rate = headers.TryGetValue(WireHeaders.Rate, out var rateValue) && rateValue is not null ? ToDouble(rateValue, WireHeaders.Rate) : null;
        var partial = headers.TryGetValue(WireHeaders.Partial, out var partialValue) && partialValue is bool flag && flag;
        var framesDropped = GetOptionalInt64(headers, WireHeaders.FramesDropped);
        var chunksDropped = GetOptionalInt64(headers, WireHeaders.ChunksDropped);
        return new ChunkInfo(
            new SourceId(stream),
            consumer,
            sequence,
            new DateTimeOffset(ticks, TimeSpan.Zero),
            (int)channels,
            rate,
            partial,
            framesDropped,
            chunksDropped);
    }

    /// <summary>Reads how many earlier deliveries of a message failed or were returned (quorum queues count them).</summary>
    /// <param name="headers">The message headers.</param>
    /// <returns>0 for a first delivery.</returns>
    public static long ReadDeliveryCount(IDictionary<string, object?>? headers)
        => headers is not null && headers.TryGetValue(WireHeaders.DeliveryCount, out var value) && value is not null ? ToInt64(value, WireHeaders.DeliveryCount) : 0;

    /// <summary>Stores a long into the header, reusing the box already there.</summary>
    /// <param name="headers">A header dictionary owned by one message.</param>
    /// <param name="key">The header name.</param>
    /// <param name="value">The value.</param>
    public static void SetInt64(IDictionary<string, object?> headers, string key, long value)
    {
        if (headers.TryGetValue(key, out var box) && box is long)
        {
            Unsafe.Unbox<long>(box) = value;
        }
        else
        {
            headers[key] = value;
        }
    }

    /// <summary>Stores an int into the header, reusing the box already there.</summary>
    /// <param name="headers">A header dictionary owned by one message.</param>
    /// <param name="key">The header name.</param>
    /// <param name="value">The value.</param>
    public static void SetInt32(IDictionary<string, object?> headers, string key, int value)
    {
        if (headers.TryGetValue(key, out var box) && box is int)
        {
            Unsafe.Unbox<int>(box) = value;
        }
        else
        {
            headers[key] = value;
        }
    }

    /// <summary>Gets a header that must be a byte array (how AMQP long strings arrive).</summary>
    /// <param name="headers">The message headers.</param>
    /// <param name="key">The header name.</param>
    /// <returns>The bytes.</returns>
    public static ReadOnlySpan<byte> GetBytes(IDictionary<string, object?> headers, string key)
    {
        if (!headers.TryGetValue(key, out var value) || value is null)
        {
            ThrowMissing(key);
        }

        return value switch
        {
            byte[] bytes => bytes,
            string text => System.Text.Encoding.UTF8.GetBytes(text),
            _ => throw new FormatException($"Header '{key}' holds a {value.GetType().Name}; a string was expected."),
        };
    }

    /// <summary>Gets a header that must be an integer.</summary>
    /// <param name="headers">The message headers.</param>
    /// <param name="key">The header name.</param>
    /// <returns>The value.</returns>
    public static long GetInt64(IDictionary<string, object?> headers, string key)
    {
        if (!headers.TryGetValue(key, out var value) || value is null)
        {
            ThrowMissing(key);
        }

        return ToInt64(value, key);
    }

    private static void SetDouble(IDictionary<string, object?> headers, string key, double value)
    {
        if (headers.TryGetValue(key, out var box) && box is double)
        {
            Unsafe.Unbox<double>(box) = value;
        }
        else
        {
            headers[key] = value;
        }
    }

    private static void SetOptionalInt64(IDictionary<string, object?> headers, string key, long value)
    {
        if (value == 0)
        {
            headers.Remove(key);
        }
        else
        {
            SetInt64(headers, key, value);
        }
    }

    private static long GetOptionalInt64(IDictionary<string, object?> headers, string key)
        => headers.TryGetValue(key, out var value) && value is not null ? ToInt64(value, key) : 0;

    private static long ToInt64(object value, string key) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        byte b => b,
        uint u => u,
        ushort u => u,
        _ => throw new FormatException($"Header '{key}' holds a {value.GetType().Name}; an integer was expected."),
    };

    private static double ToDouble(object value, string key) => value switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        decimal m => (double)m,
        _ => throw new FormatException($"Header '{key}' holds a {value.GetType().Name}; a number was expected."),
    };

    [DoesNotReturn]
    private static void ThrowMissing(string key)
        => throw new FormatException($"The message lacks the header '{key}'; it was not published by an ActorFrames origin.");
}

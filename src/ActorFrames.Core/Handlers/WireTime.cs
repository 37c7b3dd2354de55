using System.Buffers.Binary;

namespace ActorFrames.Handlers;

/// <summary>The binary form of timestamps and durations shared by the built-in result codecs.</summary>
internal static class WireTime
{
    /// <summary>The bytes of a timestamp: UTC ticks (8) and the offset in minutes (2).</summary>
    public const int TimestampSize = 10;

    /// <summary>The bytes of a duration: ticks (8).</summary>
    public const int DurationSize = 8;

    /// <summary>Writes a timestamp and a duration, little-endian.</summary>
    /// <param name="destination">At least 18 bytes.</param>
    /// <param name="timestamp">The timestamp.</param>
    /// <param name="duration">The duration.</param>
    public static void Write(Span<byte> destination, DateTimeOffset timestamp, TimeSpan duration)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, timestamp.UtcTicks);
        BinaryPrimitives.WriteInt16LittleEndian(destination[8..], (short)timestamp.TotalOffsetMinutes);
        BinaryPrimitives.WriteInt64LittleEndian(destination[TimestampSize..], duration.Ticks);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <param name="source">At least 18 bytes.</param>
    /// <param name="duration">The duration.</param>
    /// <returns>The timestamp.</returns>
    public static DateTimeOffset Read(ReadOnlySpan<byte> source, out TimeSpan duration)
    {
        var utcTicks = BinaryPrimitives.ReadInt64LittleEndian(source);
        var offset = TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(source[8..]));
        duration = TimeSpan.FromTicks(BinaryPrimitives.ReadInt64LittleEndian(source[TimestampSize..]));
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
    }

    /// <summary>Throws when an encoded result does not have the expected length.</summary>
    /// <param name="data">The encoded result.</param>
    /// <param name="expected">The expected length.</param>
    /// <param name="resultName">The result type, for the message.</param>
    /// <exception cref="FormatException">The length differs.</exception>
    public static void CheckLength(ReadOnlySpan<byte> data, int expected, string resultName)
    {
        if (data.Length != expected)
        {
            throw new FormatException($"An encoded {resultName} is {expected} bytes long, not {data.Length}.");
        }
    }
}

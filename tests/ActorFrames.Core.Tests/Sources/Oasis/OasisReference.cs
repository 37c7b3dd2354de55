using System.Buffers.Binary;

namespace ActorFrames.Tests.Sources.Oasis;

/// <summary>
/// A deliberately plain second reading of the OASIS stream rules (whole buffer, no state machine), used as the
/// oracle for the chunker: the normalized bytes it should produce, the events in them, or the offset of the first error.
/// </summary>
internal static class OasisReference
{
    public sealed record Result(int HeaderSize, byte[] Normalized, List<(int EventId, byte[] Bytes)> Events, long? ErrorOffset, int ClosedAtEnd);

    public static Result Parse(byte[] b)
    {
        if (b.Length < 8)
        {
            return Fail(b.Length);
        }

        var source = (sbyte)b[3];
        if (source is < 1 or > 3)
        {
            return Fail(3);
        }

        var samples = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4));
        if (samples < 0)
        {
            return Fail(4);
        }

        var p = 8;
        if (source == 3)
        {
            if (b.Length < 12)
            {
                return Fail(b.Length);
            }

            if (BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(8)) < 0)
            {
                return Fail(8);
            }

            p = 12;
        }

        var headerSize = p;
        var recordHeader = source == 3 ? 12 : 8;
        var output = new List<byte>();
        var events = new List<(int, byte[])>();
        var eventStart = 0;
        var current = 0;
        var closed = 0;
        while (p < b.Length)
        {
            if (b.Length - p < recordHeader)
            {
                return Fail(p);
            }

            var e = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(p));
            var id = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(p + 4));
            if (e <= 0)
            {
                return Fail(p);
            }

            if (id <= 0)
            {
                return Fail(p + 4);
            }

            if (e != current)
            {
                if (current != 0)
                {
                    events.Add((current, output.GetRange(eventStart, output.Count - eventStart).ToArray()));
                }

                current = e;
                eventStart = output.Count;
            }

            output.AddRange(b.AsSpan(p, recordHeader).ToArray());
            p += recordHeader;
            while (true)
            {
                if (p == b.Length)
                {
                    output.AddRange(new byte[8]);
                    closed++;
                    break;
                }

                if (b.Length - p < 8)
                {
                    return Fail(p);
                }

                var sidx = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(p));
                var loss = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(p + 4));
                p += 8;
                if (sidx == 0)
                {
                    output.AddRange(new byte[8]);
                    break;
                }

                if (sidx < -5 || sidx > samples)
                {
                    return Fail(p - 8);
                }

                output.AddRange(b.AsSpan(p - 8, 4).ToArray());
                output.AddRange(float.IsNaN(loss) ? new byte[4] : b.AsSpan(p - 4, 4).ToArray());
            }
        }

        if (current != 0)
        {
            events.Add((current, output.GetRange(eventStart, output.Count - eventStart).ToArray()));
        }

        return new Result(headerSize, output.ToArray(), events, null, closed);
    }

    private static Result Fail(long offset) => new(0, [], [], offset, 0);
}

using ActorFrames.Frames;

namespace ActorFrames.Tests.Streams;

/// <summary>Frames of the seed example ("0000", "1111", …) for one element type, kept to check they are released.</summary>
internal static class StreamTestFrames
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    public static List<Frame<T>> Seed<T>(int count, Func<char, T> element)
        where T : unmanaged
    {
        var frames = new List<Frame<T>>();
        for (var i = 0; i < count; i++)
        {
            var digit = (char)('0' + (i % 10));
            var data = new T[4];
            Array.Fill(data, element(digit));
            frames.Add(Frame<T>.Copy(data, new FrameInfo(new SourceId("seed"), i, T0.AddSeconds(i))));
        }

        return frames;
    }

    public static string Text<T>(Chunk<T> chunk, Func<T, char> toChar)
        where T : unmanaged
    {
        var chars = new char[chunk.Length];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = toChar(chunk.Span[i]);
        }

        return new string(chars);
    }
}

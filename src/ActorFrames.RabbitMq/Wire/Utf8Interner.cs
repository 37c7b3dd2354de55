using System.Text;

namespace ActorFrames.RabbitMq.Wire;

/// <summary>
/// Turns the UTF-8 header values of incoming messages (stream and consumer names) into strings without allocating
/// when the same few names repeat, as they do within a pipeline. Safe for concurrent use.
/// </summary>
internal sealed class Utf8Interner
{
    private const int Slots = 16;
    private readonly Entry?[] _entries = new Entry?[Slots];
    private int _next;

    /// <summary>Gets the string for <paramref name="utf8"/>, reusing a recent one when the bytes match.</summary>
    /// <param name="utf8">The UTF-8 bytes.</param>
    /// <returns>The string.</returns>
    public string GetString(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < Slots; i++)
        {
            var entry = Volatile.Read(ref _entries[i]);
            if (entry is not null && utf8.SequenceEqual(entry.Utf8))
            {
                return entry.Value;
            }
        }

        var value = Encoding.UTF8.GetString(utf8);
        var slot = (int)((uint)Interlocked.Increment(ref _next) % Slots);
        Volatile.Write(ref _entries[slot], new Entry(utf8.ToArray(), value));
        return value;
    }

    private sealed record Entry(byte[] Utf8, string Value);
}

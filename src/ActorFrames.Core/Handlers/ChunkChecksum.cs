using System.Buffers.Binary;
using System.Numerics;

namespace ActorFrames.Handlers;

/// <summary>
/// A fast 64-bit checksum of a chunk's bytes: what the <c>checksum</c> handlers return, so that a test or a drill
/// can check that every chunk reached a worker intact and exactly once. Not a cryptographic hash.
/// </summary>
public static class ChunkChecksum
{
    private const ulong Seed = 0xcbf29ce484222325;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    /// <summary>Computes the checksum of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The checksum; equal inputs give equal results on every machine.</returns>
    public static long Compute(ReadOnlySpan<byte> data)
    {
        var hash = Seed ^ (ulong)data.Length;
        var words = data.Length / sizeof(ulong);
        for (var i = 0; i < words; i++)
        {
            hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i * sizeof(ulong), sizeof(ulong))));
        }

        var tail = data[(words * sizeof(ulong))..];
        if (!tail.IsEmpty)
        {
            Span<byte> last = stackalloc byte[sizeof(ulong)];
            last.Clear();
            tail.CopyTo(last);
            hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(last));
        }

        hash ^= hash >> 33;
        hash *= Multiplier;
        hash ^= hash >> 29;
        return unchecked((long)hash);
    }

    private static ulong Mix(ulong hash, ulong word) => BitOperations.RotateLeft((hash ^ word) * Multiplier, 27);
}

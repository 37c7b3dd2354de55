namespace ActorFrames.Actors.Routing;

/// <summary>
/// A hash ring with several points per routee: a key belongs to the first point at or after its hash.
/// Points come from the routees' paths, so the same pool layout gives the same ring in every run.
/// </summary>
internal sealed class ConsistentHashRing
{
    private readonly uint[] _points;
    private readonly int[] _owners;

    public ConsistentHashRing(IActorRef[] routees, int virtualNodesFactor)
    {
        int size = routees.Length * virtualNodesFactor;
        _points = new uint[size];
        _owners = new int[size];
        int at = 0;
        for (int i = 0; i < routees.Length; i++)
        {
            string path = routees[i].Path;
            for (int v = 0; v < virtualNodesFactor; v++)
            {
                _points[at] = Finish(Fnv(path, Fnv(v)));
                _owners[at] = i;
                at++;
            }
        }

        Array.Sort(_points, _owners);
    }

    /// <summary>The index of the routee owning <paramref name="key"/>'s hash.</summary>
    public int Lookup(object key)
    {
        uint hash = Hash(key);
        int index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }

    /// <summary>A hash that is stable across processes for strings, integers and Guids.</summary>
    public static uint Hash(object key) => key switch
    {
        string text => Finish(Fnv(text, 2166136261)),
        int value => Finish((uint)value),
        long value => Finish((uint)value ^ (uint)(value >> 32) * 31),
        Guid value => Finish(Fnv(value)),
        _ => Finish((uint)key.GetHashCode()),
    };

    private static uint Fnv(int value)
    {
        uint hash = 2166136261;
        for (int shift = 0; shift < 32; shift += 8)
        {
            hash = (hash ^ (uint)((value >> shift) & 0xFF)) * 16777619;
        }

        return hash;
    }

    private static uint Fnv(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }

    private static uint Fnv(string text, uint seed)
    {
        uint hash = seed;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    private static uint Finish(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}

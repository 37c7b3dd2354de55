using System.Runtime.InteropServices;

namespace ActorFrames.Actors;

/// <summary>
/// The producers' tail and the consumer's head of a queue segment, each on its own cache line and away
/// from the segment's read-only fields, so a producer's compare-and-swap does not evict the consumer's
/// head (or the slot array reference) from the other core's cache. Not generic: explicit layout forbids it.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct QueueIndices
{
    [FieldOffset(64)]
    public int Tail;

    [FieldOffset(128)]
    public int Head;
}

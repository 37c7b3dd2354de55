using System.Runtime.InteropServices;
using ActorFrames.Frames;
using ActorFrames.RabbitMq.Origin;
using ActorFrames.Tests.Infrastructure;
using ActorFrames.Tests.Sources;

namespace ActorFrames.Tests.Origin;

[Collection(ChunkPoolCollection.Name)]
public sealed class HeldChunkTests : IDisposable
{
    private static readonly ChunkInfo s_info = new(new SourceId("s"), "c", 0, DateTimeOffset.UnixEpoch);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Memory_OfASliceOfFloats_IsTheirLittleEndianBytesWithoutACopy()
    {
        var segment = new[] { 9f, 1.5f, -2.25f, 3e7f, 9f };
        var lease = new CountingLease();
        var held = new HeldChunk<float>();
        held.Hold(Chunk<float>.Lease(segment, 1, 3, lease, s_info));

        var bytes = held.Memory;

        Assert.Equal(MemoryMarshal.AsBytes(segment.AsSpan(1, 3)).ToArray(), bytes.ToArray());
        segment[2] = 42f;
        Assert.Equal(BitConverter.GetBytes(42f), bytes.Span.Slice(4, 4).ToArray());
        Assert.Equal(0, lease.Releases);
    }

    [Fact]
    public unsafe void Pin_PointsAtTheRequestedByteOfTheSlice()
    {
        var segment = new short[] { 1, 2, 0x0403, 5 };
        var held = new HeldChunk<short>();
        held.Hold(Chunk<short>.Lease(segment, 2, 2, new CountingLease(), s_info));

        using var handle = held.Memory.Pin();
        Assert.Equal(0x03, *(byte*)handle.Pointer);
        using var second = held.Pin(1);
        Assert.Equal(0x04, *(byte*)second.Pointer);
    }

    [Fact]
    public void Release_DisposesTheChunkOnce_AndAHolderIsReusable()
    {
        var lease = new CountingLease();
        var held = new HeldChunk<byte>();
        held.Hold(Chunk<byte>.Lease(new byte[8], 0, 8, lease, s_info));
        Assert.True(held.IsHolding);

        held.Release();
        held.Release();

        Assert.Equal(1, lease.Releases);
        Assert.False(held.IsHolding);
        Assert.Throws<ObjectDisposedException>(() => held.GetSpan());
        held.Hold(Chunk<byte>.Lease(new byte[4], 0, 4, lease, s_info));
        Assert.Equal(4, held.Memory.Length);
    }

    [Fact]
    public void Spool_ReleasesAHeldChunkWhenConfirmedDroppedOrSpilledToDisk_AndReadsTheSpilledBytesBack()
    {
        var leases = Enumerable.Range(0, 4).Select(_ => new CountingLease()).ToArray();
        using var spool = new OutboundSpool(2, _temp.Path, 2, "t");
        for (var id = 1; id <= 4; id++)
        {
            Assert.True(spool.TryAdd(HeldEntry(spool, id, leases[id - 1])));
        }

        // Entries 3 and 4 went to disk: their chunks are written out and released at once.
        Assert.Equal([0, 0, 1, 1], leases.Select(l => l.Releases));
        Assert.True(spool.TryDropOldest(out var dropped));
        Assert.Equal(1, dropped);
        Assert.Equal(1, leases[0].Releases);

        Assert.True(spool.TryTake(out var second));
        Assert.Equal(Enumerable.Repeat((byte)2, 100), second.Memory.ToArray());
        Assert.Equal(0, leases[1].Releases);
        spool.Confirm(second);
        Assert.Equal(1, leases[1].Releases);

        Assert.True(spool.TryTake(out var third));
        Assert.Equal(Enumerable.Repeat((byte)3, 100), third.Memory.ToArray());
        spool.Return(third);
        spool.Dispose();
        Assert.All(leases, l => Assert.Equal(1, l.Releases));
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Spool_Dispose_ReleasesTheChunksStillWaiting()
    {
        var lease = new CountingLease();
        var spool = new OutboundSpool(4, null, 0, "t");
        Assert.True(spool.TryAdd(HeldEntry(spool, 1, lease)));

        spool.Dispose();

        Assert.Equal(1, lease.Releases);
    }

    [Fact]
    public void Spool_AHeldChunkDisposedBehindItsBack_IsUnpublishableAndDiscardedWithItsCountsRight()
    {
        using var spool = new OutboundSpool(4, null, 0, "t");
        var entry = spool.RentEmpty(8);
        entry.Id = 1;
        var chunk = Chunk<byte>.Lease(new byte[8], 0, 8, new CountingLease(), s_info);
        ((HeldChunk<byte>)(entry.Held ??= new HeldChunk<byte>())).Hold(chunk);
        Assert.True(spool.TryAdd(entry));
        Assert.Null(entry.WhyUnpublishable());

        chunk.Dispose();
        Assert.True(spool.TryTake(out var taken));

        Assert.IsType<ObjectDisposedException>(taken.WhyUnpublishable());
        spool.Discard(taken);
        Assert.Equal(0, spool.Count);
        Assert.True(spool.WaitForRoomAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void Release_OfAChunkObjectDisposedAndReusedBehindTheHoldersBack_LeavesTheOtherChunkAlone()
    {
        var held = new HeldChunk<byte>();
        var chunk = Chunk<byte>.Lease(new byte[8], 0, 8, new CountingLease(), s_info);
        held.Hold(chunk);
        chunk.Dispose();

        // Take pooled chunk objects until this one comes back for another chunk (the pool is shared and bounded).
        var others = new List<Chunk<byte>>();
        var lease = new CountingLease();
        while (others.Count < 5000 && !others.Contains(chunk))
        {
            others.Add(Chunk<byte>.Lease(new byte[8], 0, 8, lease, s_info));
        }

        Assert.Contains(chunk, others);
        Assert.True(held.IsBroken);
        held.Release();

        Assert.False(chunk.IsDisposed);
        Assert.Equal(0, lease.Releases);
        foreach (var other in others)
        {
            other.Dispose();
        }
    }

    [Fact]
    public void Spool_ASpilledBodyThatCannotBeReadBack_IsUnpublishableAndDiscardedWithItsCountsRight()
    {
        var lease = new CountingLease();
        using var spool = new OutboundSpool(1, _temp.Path, 2, "t");
        Assert.True(spool.TryAdd(HeldEntry(spool, 1, lease)));
        Assert.True(spool.TryAdd(HeldEntry(spool, 2, lease)));
        Assert.Equal(1, spool.OnDiskCount);
        File.Delete(Assert.Single(Directory.GetFiles(_temp.Path)));

        Assert.True(spool.TryTake(out var first));
        Assert.Null(first.WhyUnpublishable());
        Assert.True(spool.TryTake(out var second));

        var error = Assert.IsType<IOException>(second.WhyUnpublishable());
        Assert.Contains("chunk 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, spool.Count);
        spool.Discard(second);
        spool.Confirm(first);
        Assert.Equal(0, spool.Count);
        Assert.Equal(0, spool.OnDiskCount);
        Assert.Equal(2, lease.Releases);
    }

    private static SpoolEntry HeldEntry(OutboundSpool spool, long id, CountingLease lease)
    {
        var data = new byte[120];
        data.AsSpan(10, 100).Fill((byte)id);
        var entry = spool.RentEmpty(100);
        entry.Id = id;
        ((HeldChunk<byte>)(entry.Held ??= new HeldChunk<byte>())).Hold(Chunk<byte>.Lease(data, 10, 100, lease, s_info));
        return entry;
    }
}

/// <summary>A lease that counts its releases and signals when it reached a number of them.</summary>
internal sealed class CountingLease : IChunkLease
{
    private readonly int _expected;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _releases;

    public CountingLease(int expected = int.MaxValue) => _expected = expected;

    public int Releases => Volatile.Read(ref _releases);

    public Task Reached => _reached.Task;

    public void Release()
    {
        if (Interlocked.Increment(ref _releases) == _expected)
        {
            _reached.TrySetResult();
        }
    }
}

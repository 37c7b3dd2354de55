using ActorFrames.RabbitMq.Origin;
using ActorFrames.Tests.Sources;

namespace ActorFrames.Tests.Origin;

public sealed class OutboundSpoolTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TryAdd_WhenFull_ReturnsFalse()
    {
        using var spool = new OutboundSpool(2, null, 0, "t");
        Assert.True(spool.TryAdd(Entry(spool, 1)));
        Assert.True(spool.TryAdd(Entry(spool, 2)));

        Assert.False(spool.TryAdd(Entry(spool, 3)));
        Assert.Equal(2, spool.Count);
    }

    [Fact]
    public void Return_AfterFailedPublishes_PutsEntriesBackInIdOrderBeforeNewerOnes()
    {
        using var spool = new OutboundSpool(10, null, 0, "t");
        for (var id = 1; id <= 5; id++)
        {
            spool.TryAdd(Entry(spool, id));
        }

        spool.TryTake(out var first);
        spool.TryTake(out var second);
        spool.TryTake(out var third);
        spool.Return(third);
        spool.Return(first);
        spool.Return(second);

        var order = new List<long>();
        while (spool.TryTake(out var entry))
        {
            order.Add(entry.Id);
            Assert.Equal((byte)entry.Id, entry.Body![0]);
        }

        Assert.Equal([1, 2, 3, 4, 5], order);
    }

    [Fact]
    public void Confirm_FreesRoomAndWakesAWaiter()
    {
        using var spool = new OutboundSpool(1, null, 0, "t");
        spool.TryAdd(Entry(spool, 1));
        var room = spool.WaitForRoomAsync(CancellationToken.None);
        Assert.False(room.IsCompleted);

        spool.TryTake(out var entry);
        spool.Confirm(entry);

        Assert.True(room.IsCompletedSuccessfully);
        Assert.Equal(0, spool.Count);
    }

    [Fact]
    public void Confirm_OfAFullSpool_WakesTheWaiterOnlyOnceAnEighthIsFree()
    {
        // 64 places resume at 8 free: a producer wakes once per burst of confirms, not at every one.
        using var spool = new OutboundSpool(64, null, 0, "t");
        for (var id = 1; id <= 64; id++)
        {
            spool.TryAdd(Entry(spool, id));
        }

        var room = spool.WaitForRoomAsync(CancellationToken.None);
        for (var confirmed = 1; confirmed <= 7; confirmed++)
        {
            spool.TryTake(out var entry);
            spool.Confirm(entry);
            Assert.False(room.IsCompleted, $"woken after {confirmed} confirms");
        }

        // Room is there, though: a producer that asks now goes on at once.
        Assert.True(spool.WaitForRoomAsync(CancellationToken.None).IsCompletedSuccessfully);

        spool.TryTake(out var eighth);
        spool.Confirm(eighth);
        Assert.True(room.IsCompletedSuccessfully);
    }

    [Fact]
    public void Dispose_WakesAProducerWaitingForRoom()
    {
        var spool = new OutboundSpool(1, null, 0, "t");
        spool.TryAdd(Entry(spool, 1));
        var room = spool.WaitForRoomAsync(CancellationToken.None);
        Assert.False(room.IsCompleted);

        spool.Dispose();

        Assert.True(room.IsCompletedSuccessfully);
        Assert.Throws<ObjectDisposedException>(() => spool.TryAdd(Entry(spool, 2)));
    }

    [Fact]
    public void TryDropOldest_DropsTheOldestWaitingButNeverAPublishedOne()
    {
        using var spool = new OutboundSpool(3, null, 0, "t");
        for (var id = 1; id <= 3; id++)
        {
            spool.TryAdd(Entry(spool, id));
        }

        spool.TryTake(out _);

        Assert.True(spool.TryDropOldest(out var dropped));
        Assert.Equal(2, dropped);
        Assert.True(spool.TryDropOldest(out dropped));
        Assert.Equal(3, dropped);
        Assert.False(spool.TryDropOldest(out _));
        Assert.Equal(1, spool.Count);
    }

    [Fact]
    public void TryAdd_BeyondMemoryCapacity_SpillsToTheDirectoryAndReadsBackIntact()
    {
        using var spool = new OutboundSpool(2, _temp.Path, 3, "t");
        for (var id = 1; id <= 5; id++)
        {
            Assert.True(spool.TryAdd(Entry(spool, id, 1000)));
        }

        Assert.False(spool.TryAdd(Entry(spool, 6, 1000)));
        Assert.Equal(3, spool.OnDiskCount);
        Assert.Equal(3, Directory.GetFiles(_temp.Path).Length);

        for (var id = 1; id <= 5; id++)
        {
            Assert.True(spool.TryTake(out var entry));
            Assert.Equal(id, entry.Id);
            Assert.Equal(1000, entry.Length);
            Assert.All(entry.Memory.ToArray(), b => Assert.Equal((byte)id, b));
            spool.Confirm(entry);
        }

        Assert.Empty(Directory.GetFiles(_temp.Path));
        Assert.Equal(0, spool.Count);
    }

    [Fact]
    public async Task TakeAsync_WhenEmpty_CompletesWhenAnEntryArrives()
    {
        using var spool = new OutboundSpool(4, null, 0, "t");
        var take = spool.TakeAsync(CancellationToken.None).AsTask();
        Assert.False(take.IsCompleted);

        spool.TryAdd(Entry(spool, 7));

        var entry = await take.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(7, entry.Id);
    }

    private static SpoolEntry Entry(OutboundSpool spool, long id, int length = 8)
    {
        var entry = spool.Rent(length);
        entry.Id = id;
        entry.Body.AsSpan(0, length).Fill((byte)id);
        return entry;
    }
}

using ActorFrames.RabbitMq.Origin;

namespace ActorFrames.Tests.Origin;

public sealed class ConfirmRingTests
{
    [Fact]
    public void Settle_MultipleAck_ConfirmsEveryChunkUpToTheTag()
    {
        using var spool = new OutboundSpool(10, null, 0, "t");
        var ring = Publish(spool, 5, out _);

        Assert.Equal(3, ring.Settle(3, multiple: true, acknowledged: true, out var failed));

        Assert.Equal(0, failed);
        Assert.Equal(2, ring.Count);
        Assert.Equal(2, spool.Count);
        Assert.Equal(0, spool.PendingCount);
    }

    [Fact]
    public void Settle_SingleAckOutOfOrder_WaitsForTheChunksBeforeIt()
    {
        using var spool = new OutboundSpool(10, null, 0, "t");
        var ring = Publish(spool, 3, out _);

        Assert.Equal(0, ring.Settle(2, multiple: false, acknowledged: true, out _));
        Assert.Equal(3, ring.Count);

        Assert.Equal(2, ring.Settle(1, multiple: false, acknowledged: true, out _));
        Assert.Equal(1, ring.Count);
        Assert.Equal(1, spool.Count);
    }

    [Fact]
    public void Settle_NackThenMultipleAckPastIt_KeepsTheNackedChunkForResending()
    {
        // The broker nacks 2 alone while 1 is unconfirmed, then acknowledges 1..3 with one multiple ack: chunk 2 must
        // go back to the spool, not be counted as confirmed.
        using var spool = new OutboundSpool(10, null, 0, "t");
        var ring = Publish(spool, 3, out var entries);

        Assert.Equal(0, ring.Settle(2, multiple: false, acknowledged: false, out _));
        Assert.Equal(2, ring.Settle(3, multiple: true, acknowledged: true, out var failed));

        Assert.Equal(entries[1].Id, failed);
        Assert.Equal(0, ring.Count);
        Assert.Equal(1, spool.PendingCount);
        Assert.True(spool.TryTake(out var again));
        Assert.Same(entries[1], again);
    }

    [Fact]
    public void Settle_AckOfAReturnedChunk_PutsItBackInTheSpool()
    {
        using var spool = new OutboundSpool(10, null, 0, "t");
        var ring = Publish(spool, 2, out var entries);
        ring.MarkReturned(entries[0].Id);

        Assert.Equal(1, ring.Settle(2, multiple: true, acknowledged: true, out var failed));

        Assert.Equal(entries[0].Id, failed);
        Assert.Equal(1, spool.PendingCount);
    }

    [Fact]
    public void ReturnAll_PutsEveryUnconfirmedChunkBackInPublishOrder()
    {
        using var spool = new OutboundSpool(10, null, 0, "t");
        var ring = Publish(spool, 4, out var entries);
        ring.Settle(1, multiple: false, acknowledged: true, out _);

        ring.ReturnAll();

        Assert.Equal(0, ring.Count);
        Assert.Equal(3, spool.PendingCount);
        for (var i = 1; i < 4; i++)
        {
            Assert.True(spool.TryTake(out var entry));
            Assert.Same(entries[i], entry);
        }
    }

    [Fact]
    public void Track_BeyondTheWindow_Throws()
    {
        using var spool = new OutboundSpool(10, null, 0, "t");
        var ring = Publish(spool, 2, out _, window: 2);
        Assert.False(ring.HasRoom);

        var entry = spool.Rent(4);
        Assert.Throws<InvalidOperationException>(() => ring.Track(3, entry));
    }

    private static ConfirmRing Publish(OutboundSpool spool, int count, out SpoolEntry[] entries, int window = 8)
    {
        var ring = new ConfirmRing(window, spool);
        entries = new SpoolEntry[count];
        for (var i = 0; i < count; i++)
        {
            var entry = spool.Rent(16);
            entry.Id = i + 1;
            Assert.True(spool.TryAdd(entry));
        }

        for (var i = 0; i < count; i++)
        {
            Assert.True(spool.TryTake(out entries[i]));
            ring.Track((ulong)(i + 1), entries[i]);
        }

        return ring;
    }
}

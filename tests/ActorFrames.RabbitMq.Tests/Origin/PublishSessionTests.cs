using ActorFrames.RabbitMq.Origin;
using RabbitMQ.Client.Events;

namespace ActorFrames.Tests.Origin;

public sealed class PublishSessionTests
{
    [Fact]
    public async Task OnAcks_OfAFullWindow_WakeThePublisherOnlyOnceABurstFits()
    {
        // A window of 64 resumes at 8 confirmed: the publishing loop wakes once per burst, not at every confirm.
        using var spool = new OutboundSpool(100, null, 0, "t");
        var confirmed = 0;
        var session = new PublishSession(64, spool, count => confirmed += count);
        for (ulong sequence = 1; sequence <= 64; sequence++)
        {
            spool.TryAdd(Entry(spool, (long)sequence));
            spool.TryTake(out var entry);
            session.Track(sequence, entry);
        }

        Assert.False(session.HasRoom);
        var wake = session.WaitForRoomAsync();
        for (ulong tag = 1; tag <= 7; tag++)
        {
            await session.OnAcksAsync(this, new BasicAckEventArgs(tag, multiple: false, CancellationToken.None));
            Assert.True(session.HasRoom);
            Assert.False(session.HasRoomToResume);
            Assert.False(wake.IsCompleted, $"woken after {tag} confirms");
        }

        await session.OnAcksAsync(this, new BasicAckEventArgs(8, multiple: false, CancellationToken.None));

        Assert.True(session.HasRoomToResume);
        Assert.True(wake.IsCompleted);
        Assert.Equal(8, confirmed);
        Assert.Equal(56, spool.Count);
    }

    [Fact]
    public void MarkLost_WakesThePublisherWhateverTheRoom()
    {
        using var spool = new OutboundSpool(10, null, 0, "t");
        var session = new PublishSession(4, spool, _ => { });
        for (ulong sequence = 1; sequence <= 4; sequence++)
        {
            spool.TryAdd(Entry(spool, (long)sequence));
            spool.TryTake(out var entry);
            session.Track(sequence, entry);
        }

        var wake = session.WaitForRoomAsync();
        Assert.False(wake.IsCompleted);

        session.MarkLost(new IOException("gone"));

        Assert.True(wake.IsCompleted);
        Assert.True(session.Lost.IsCompleted);
    }

    private static SpoolEntry Entry(OutboundSpool spool, long id)
    {
        var entry = spool.Rent(8);
        entry.Id = id;
        return entry;
    }
}

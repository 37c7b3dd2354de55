using ActorFrames.Workers;

namespace ActorFrames.Tests.Workers;

public sealed class InFlightGateTests
{
    [Fact]
    public void TryEnter_UpToTheLimit_ThenRefuses()
    {
        var gate = new InFlightGate(2);

        Assert.True(gate.TryEnter());
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
        Assert.Equal(2, gate.Count);
    }

    [Fact]
    public async Task EnterAsync_WhenFull_CompletesOnlyAfterAnExit()
    {
        var gate = new InFlightGate(1);
        await gate.EnterAsync(CancellationToken.None);

        var waiting = gate.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        gate.Exit();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, gate.Count);
    }

    [Fact]
    public async Task EnterAsync_Cancelled_ThrowsAndLeavesTheCount()
    {
        var gate = new InFlightGate(1);
        Assert.True(gate.TryEnter());
        using var cancel = new CancellationTokenSource();

        var waiting = gate.EnterAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, gate.Count);
        gate.Exit();
        Assert.Equal(0, gate.Count);
    }

    [Fact]
    public async Task EnterAsync_ManyExitsFromOtherThreads_NeverExceedsTheLimit()
    {
        var gate = new InFlightGate(4);
        var peak = 0;
        var running = 0;
        var work = new List<Task>();
        for (var i = 0; i < 2_000; i++)
        {
            await gate.EnterAsync(CancellationToken.None);
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            work.Add(Task.Run(() =>
            {
                Interlocked.Decrement(ref running);
                gate.Exit();
            }));
        }

        await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(30));
        await gate.WaitEmptyAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(peak, 1, 4);
        Assert.Equal(0, gate.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

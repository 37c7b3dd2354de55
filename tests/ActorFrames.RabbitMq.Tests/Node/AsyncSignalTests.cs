using ActorFrames.RabbitMq;

namespace ActorFrames.Tests.Node;

public sealed class AsyncSignalTests
{
    [Fact]
    public void WaitAsync_AfterSet_CompletesAtOnceAndConsumesTheSignal()
    {
        var signal = new AsyncSignal();
        signal.Set();
        signal.Set();

        Assert.True(signal.WaitAsync().AsTask().IsCompletedSuccessfully);
        Assert.False(signal.WaitAsync().AsTask().IsCompleted);
    }

    [Fact]
    public async Task Set_WhileWaiting_WakesTheWaiter()
    {
        var signal = new AsyncSignal();
        var wait = signal.WaitAsync().AsTask();
        Assert.False(wait.IsCompleted);

        signal.Set();

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(signal.WaitAsync().AsTask().IsCompleted);
    }

    [Fact]
    public async Task Set_FromManyThreads_NeverLosesTheLastSignal()
    {
        var signal = new AsyncSignal();
        var produced = 0;
        var seen = 0;
        const int Total = 20_000;
        var producers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < Total / 4; i++)
            {
                Interlocked.Increment(ref produced);
                signal.Set();
            }
        })).ToArray();

        // The consumer takes everything produced before each wake; a lost signal would leave it waiting forever.
        while (seen < Total)
        {
            await signal.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            seen = Volatile.Read(ref produced);
        }

        await Task.WhenAll(producers);
        Assert.Equal(Total, seen);
    }
}

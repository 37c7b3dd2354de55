using ActorFrames.TestKit;

namespace ActorFrames.Tests.TestKit;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Advance_MovesClockAndTimestamp()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        long before = time.GetTimestamp();

        time.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 1, 30, TimeSpan.Zero), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(90), time.GetElapsedTime(before));
    }

    [Fact]
    public void Advance_FiresTimersInDueOrderWithClockAtDueTime()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = time.CreateTimer(_ => fired.Add(("late", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => fired.Add(("early", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var tieA = time.CreateTimer(_ => fired.Add(("tieA", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var tieB = time.CreateTimer(_ => fired.Add(("tieB", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(["early", "tieA", "tieB"], fired.Select(f => f.Name));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], fired.Select(f => f.At));
        Assert.Equal(1, time.PendingTimerCount);

        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal("late", fired[^1].Name);
        Assert.Equal(TimeSpan.FromSeconds(3), fired[^1].At);
        Assert.Equal(0, time.PendingTimerCount);
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerElapsedPeriod()
    {
        var time = new ManualTimeProvider();
        int count = 0;
        using var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(0.999));
        Assert.Equal(0, count);
        time.Advance(TimeSpan.FromSeconds(6.001));
        Assert.Equal(4, count); // at 1, 3, 5, 7
    }

    [Fact]
    public void Change_ReschedulesAndInfiniteDisables()
    {
        var time = new ManualTimeProvider();
        int count = 0;
        using var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, count);

        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, count);
        Assert.Equal(0, time.PendingTimerCount);
    }

    [Fact]
    public void Dispose_StopsTimerAndChangeReturnsFalse()
    {
        var time = new ManualTimeProvider();
        int count = 0;
        var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, count);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void CreateTimer_ZeroDueTime_FiresOnNextAdvanceNotInline()
    {
        var time = new ManualTimeProvider();
        int count = 0;
        using var timer = time.CreateTimer(_ => count++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Assert.Equal(0, count);

        time.Advance(TimeSpan.Zero);

        Assert.Equal(1, count);
    }

    [Fact]
    public void Advance_CallbackCreatesTimerDueBeforeTarget_FiresInSameAdvance()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var firedAt = new List<TimeSpan>();
        ITimer? inner = null;
        using var outer = time.CreateTimer(
            _ =>
            {
                firedAt.Add(time.GetUtcNow() - start);
                inner = time.CreateTimer(_ => firedAt.Add(time.GetUtcNow() - start), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], firedAt);
        Assert.Equal(TimeSpan.FromSeconds(5), time.GetUtcNow() - start);
        inner!.Dispose();
    }

    [Fact]
    public async Task Delay_CompletesWhenClockAdvances()
    {
        var time = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), time);
        Assert.False(delay.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(10));

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void SetUtcNow_Backwards_Throws()
    {
        var time = new ManualTimeProvider();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(time.GetUtcNow().AddSeconds(-1)));
        Assert.Contains("cannot go back", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Advance_FromCallback_Throws()
    {
        var time = new ManualTimeProvider();
        Exception? caught = null;
        using var timer = time.CreateTimer(
            _ =>
            {
                try
                {
                    time.Advance(TimeSpan.FromSeconds(1));
                }
                catch (InvalidOperationException ex)
                {
                    caught = ex;
                }
            },
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.NotNull(caught);
    }

    [Fact]
    public async Task WaitForPendingTimersAsync_CompletesWhenTimerCreatedOnAnotherThread()
    {
        var time = new ManualTimeProvider();
        var wait = time.WaitForPendingTimersAsync(1, TimeSpan.FromSeconds(5));
        Assert.False(wait.IsCompleted);

        using var timer = await Task.Run(() => time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));

        await wait;
        Assert.Equal(1, time.PendingTimerCount);
    }

    [Fact]
    public async Task WaitForPendingTimersAsync_NoTimer_TimesOutWithMessage()
    {
        var time = new ManualTimeProvider();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => time.WaitForPendingTimersAsync(1, TimeSpan.FromMilliseconds(50)));

        Assert.Contains("pending timer", ex.Message, StringComparison.Ordinal);
    }
}

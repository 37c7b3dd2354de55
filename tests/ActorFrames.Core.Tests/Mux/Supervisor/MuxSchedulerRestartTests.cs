using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux.Supervisor;

public sealed class MuxSchedulerRestartTests
{
    [Fact]
    public void TryActivate_SuspendedStreamInExhaustiveMode_TakesTheFreeSlotWithAFreshBudget()
    {
        var plan = MuxPlan.Create(new StochasticMuxOptions { ActiveCount = 2, Rate = 4, Distribution = BudgetDistribution.Constant, Mode = StochasticMuxMode.Exhaustive }, 3, "options");
        var scheduler = new MuxScheduler(plan, new Random(1));
        Assert.True(scheduler.TryActivateNext(out var first));
        Assert.True(scheduler.TryActivateNext(out _));

        Assert.False(scheduler.TryActivate(first.Stream, out _));
        scheduler.Retire(first.Slot, MuxRetireReason.Failed);
        scheduler.Suspend(first.Stream);
        Assert.True(scheduler.TryActivateNext(out var standIn));
        Assert.NotEqual(first.Stream, standIn.Stream);
        scheduler.Retire(standIn.Slot, MuxRetireReason.Preempted);

        // Exhaustive mode would never pick the used stream again: the restart opens it on purpose.
        Assert.False(scheduler.TryActivateNext(out _));
        scheduler.Resume(first.Stream);
        Assert.True(scheduler.TryActivate(first.Stream, out var restarted));
        Assert.Equal((first.Stream, standIn.Slot, 4L), (restarted.Stream, restarted.Slot, restarted.Budget));
        Assert.Equal(2, scheduler.ActiveSlots);
    }

    [Fact]
    public void TryActivate_PrunedStream_IsRefused()
    {
        var plan = MuxPlan.Create(new StochasticMuxOptions { ActiveCount = 1, Rate = 4 }, 2, "options");
        var scheduler = new MuxScheduler(plan, new Random(1));
        Assert.True(scheduler.TryActivateNext(out var first));
        scheduler.Retire(first.Slot, MuxRetireReason.Failed);
        scheduler.Prune(first.Stream);

        Assert.False(scheduler.TryActivate(first.Stream, out _));
        Assert.Equal(0, scheduler.ActiveSlots);
    }
}

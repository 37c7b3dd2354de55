using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

public sealed class MuxSchedulerTests
{
    [Theory]
    [InlineData(16.0)]
    [InlineData(256.0)]
    [InlineData(1.5)]
    public void TryActivateNext_PoissonBudgets_MeanWithinOnePercentOfRateAndNeverBelowOne(double rate)
    {
        List<long> budgets = CollectBudgets(
            new StochasticMuxOptions { ActiveCount = 10, Rate = rate, Distribution = BudgetDistribution.Poisson, Seed = 2024 },
            streams: 100,
            activations: 10_000);

        double mean = budgets.Average();
        Assert.True(Math.Abs(mean - rate) <= 0.01 * rate, $"Expected the mean budget within 1 % of {rate}, got {mean}.");
        Assert.True(budgets.Min() >= 1, $"Expected every budget to be at least 1, got {budgets.Min()}.");
    }

    [Fact]
    public void TryActivateNext_ConstantBudgets_AreTheRateRoundedUp()
    {
        List<long> budgets = CollectBudgets(
            new StochasticMuxOptions { ActiveCount = 3, Rate = 2.5, Distribution = BudgetDistribution.Constant, Seed = 1 },
            streams: 5,
            activations: 200);

        Assert.All(budgets, budget => Assert.Equal(3, budget));
    }

    [Fact]
    public void TryActivateNext_BinomialBudgets_FollowPescadorsDefinition()
    {
        // Ten equally weighted active streams: p = 0.1, so budgets are 1 + Bin(floor(15 / 0.9), 0.9), mean 1 + 16 × 0.9.
        List<long> budgets = CollectBudgets(
            new StochasticMuxOptions { ActiveCount = 10, Rate = 16, Distribution = BudgetDistribution.Binomial, Seed = 5 },
            streams: 100,
            activations: 10_000);

        double expectedMean = 1 + (16 * 0.9);
        double mean = budgets.Average();
        double variance = budgets.Select(b => (b - mean) * (b - mean)).Average();
        Assert.True(Math.Abs(mean - expectedMean) <= 0.01 * expectedMean, $"Expected a mean near {expectedMean}, got {mean}.");
        Assert.True(variance < 15 * 0.5, $"Expected a variance near 16 × 0.9 × 0.1 = 1.44, well below Poisson's 15; got {variance}.");
        Assert.True(budgets.Min() >= 1);
        Assert.True(budgets.Max() <= 17);
    }

    [Fact]
    public void TryActivateNext_BinomialWithOneActiveStream_FallsBackToPoisson()
    {
        List<long> budgets = CollectBudgets(
            new StochasticMuxOptions { ActiveCount = 1, Rate = 16, Distribution = BudgetDistribution.Binomial, Seed = 5 },
            streams: 4,
            activations: 10_000);

        double mean = budgets.Average();
        double variance = budgets.Select(b => (b - mean) * (b - mean)).Average();
        Assert.InRange(mean, 15.84, 16.16);
        Assert.InRange(variance, 13.5, 16.5);
    }

    [Fact]
    public void TryActivateNext_NoRate_GivesUnboundedBudgets()
    {
        var scheduler = new MuxScheduler(Plan(new StochasticMuxOptions { ActiveCount = 2, Rate = null, Seed = 3 }, 3), new Random(3));

        Assert.True(scheduler.TryActivateNext(out MuxActivation first));
        Assert.True(scheduler.TryActivateNext(out MuxActivation second));
        Assert.False(scheduler.TryActivateNext(out _));
        Assert.Equal(long.MaxValue, first.Budget);
        Assert.Equal(long.MaxValue, second.Budget);
        Assert.Equal([0, 1], new[] { first.Slot, second.Slot });
    }

    [Fact]
    public void TryActivateNext_Weights_BiasWhichStreamIsActivated()
    {
        var plan = Plan(new StochasticMuxOptions { ActiveCount = 1, Rate = 1, Weights = [0.8, 0.2], Seed = 11 }, 2);
        var scheduler = new MuxScheduler(plan, new Random(11));
        var activations = new int[2];
        scheduler.StreamActivated += (_, activation) => activations[activation.Stream]++;

        for (int i = 0; i < 5000; i++)
        {
            Assert.True(scheduler.TryActivateNext(out _));
            int slot = scheduler.NextSlot();
            Assert.True(scheduler.RecordItem(slot), "A budget of 1 is spent by the first item.");
            scheduler.Retire(slot, MuxRetireReason.BudgetSpent);
        }

        Assert.InRange(activations[0] / 5000.0, 0.77, 0.83);
    }

    [Fact]
    public void Retire_EmptyActivationWithPruning_PrunesTheStreamAndReportsIt()
    {
        var scheduler = new MuxScheduler(Plan(new StochasticMuxOptions { ActiveCount = 1, Rate = 4, Seed = 1 }, 2), new Random(1));
        var retirements = new List<MuxRetirement>();
        scheduler.StreamRetired += (_, retirement) => retirements.Add(retirement);

        Assert.True(scheduler.TryActivateNext(out MuxActivation activation));
        MuxRetirement retirement = scheduler.Retire(activation.Slot, MuxRetireReason.Exhausted);

        Assert.True(retirement.Pruned);
        Assert.True(scheduler.IsPruned(activation.Stream));
        Assert.Equal(1, scheduler.LiveStreams);
        Assert.Equal([retirement], retirements);
        Assert.True(scheduler.TryActivateNext(out MuxActivation next));
        Assert.NotEqual(activation.Stream, next.Stream);
    }

    [Fact]
    public void Retire_FailedActivation_DoesNotPrune()
    {
        var scheduler = new MuxScheduler(Plan(new StochasticMuxOptions { ActiveCount = 1, Rate = 4, Seed = 1 }, 2), new Random(1));
        Assert.True(scheduler.TryActivateNext(out MuxActivation activation));

        MuxRetirement retirement = scheduler.Retire(activation.Slot, MuxRetireReason.Failed);

        Assert.False(retirement.Pruned);
        Assert.Equal(2, scheduler.LiveStreams);
    }

    [Fact]
    public void Retire_FreeSlot_ThrowsInvalidOperation()
    {
        var scheduler = new MuxScheduler(Plan(new StochasticMuxOptions { ActiveCount = 2, Rate = 4, Seed = 1 }, 2), new Random(1));

        // The initial activations are pending until handed out.
        Assert.Throws<InvalidOperationException>(() => scheduler.Retire(0, MuxRetireReason.Exhausted));
    }

    [Fact]
    public void Prune_ActiveStream_KeepsItsSlotUntilRetiredAndNeverReactivatesIt()
    {
        var plan = Plan(new StochasticMuxOptions { ActiveCount = 1, Rate = 1, Mode = StochasticMuxMode.WithReplacement, Seed = 2 }, 3);
        var scheduler = new MuxScheduler(plan, new Random(2));
        Assert.True(scheduler.TryActivateNext(out MuxActivation activation));

        Assert.True(scheduler.Prune(activation.Stream));
        Assert.Equal(activation.Stream, scheduler.StreamInSlot(activation.Slot));
        scheduler.Retire(activation.Slot, MuxRetireReason.Failed);
        for (int i = 0; i < 200; i++)
        {
            Assert.True(scheduler.TryActivateNext(out MuxActivation next));
            Assert.NotEqual(activation.Stream, next.Stream);
            scheduler.Retire(next.Slot, MuxRetireReason.Failed);
        }
    }

    [Fact]
    public void TryActivateNext_EveryStreamEmptyWithoutPruning_StopsActivating()
    {
        var scheduler = new MuxScheduler(
            Plan(new StochasticMuxOptions { ActiveCount = 2, Rate = 8, PruneEmpty = false, Seed = 9 }, 4), new Random(9));
        int activations = 0;

        while (true)
        {
            while (scheduler.TryActivateNext(out _))
            {
                activations++;
                Assert.True(activations < 1000, "Expected the scheduler to stop re-activating empty streams.");
            }

            int slot = scheduler.NextSlot();
            if (slot < 0)
            {
                break;
            }

            scheduler.Retire(slot, MuxRetireReason.Exhausted);
        }

        Assert.Equal(0, scheduler.ActiveSlots);
        Assert.Equal(4, scheduler.LiveStreams);
    }

    [Fact]
    public void Suspend_StreamInBackOff_OtherStreamsFillTheSlotUntilResumed()
    {
        var plan = Plan(new StochasticMuxOptions { ActiveCount = 2, Rate = 1, Mode = StochasticMuxMode.SingleActive, Seed = 4 }, 3);
        var scheduler = new MuxScheduler(plan, new Random(4));
        while (scheduler.TryActivateNext(out _))
        {
        }

        int failing = scheduler.StreamInSlot(0);
        scheduler.Suspend(failing);
        scheduler.Retire(0, MuxRetireReason.Failed);
        var activated = new HashSet<int>();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(scheduler.TryActivateNext(out MuxActivation replacement), "Expected another stream to keep the slot busy.");
            activated.Add(replacement.Stream);
            scheduler.Retire(replacement.Slot, MuxRetireReason.BudgetSpent);
        }

        Assert.DoesNotContain(failing, activated);
        Assert.False(scheduler.IsPruned(failing));

        scheduler.Resume(failing);
        for (int i = 0; i < 100 && !activated.Contains(failing); i++)
        {
            Assert.True(scheduler.TryActivateNext(out MuxActivation next));
            activated.Add(next.Stream);
            scheduler.Retire(next.Slot, MuxRetireReason.BudgetSpent);
        }

        Assert.Contains(failing, activated);
    }

    internal static MuxPlan Plan(StochasticMuxOptions options, int streams) => MuxPlan.Create(options, streams, nameof(options));

    private static List<long> CollectBudgets(StochasticMuxOptions options, int streams, int activations)
    {
        var scheduler = new MuxScheduler(Plan(options, streams), new Random(options.Seed!.Value));
        var budgets = new List<long>(activations);
        scheduler.StreamActivated += (_, activation) => budgets.Add(activation.Budget);

        // Infinite streams: every activation runs until its budget is spent.
        while (budgets.Count < activations)
        {
            while (scheduler.TryActivateNext(out _))
            {
            }

            int slot = scheduler.NextSlot();
            if (scheduler.RecordItem(slot))
            {
                scheduler.Retire(slot, MuxRetireReason.BudgetSpent);
            }
        }

        return budgets;
    }
}

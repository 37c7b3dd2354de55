namespace ActorFrames.Mux;

/// <summary>Draws activation budgets as <see cref="BudgetDistribution"/> defines them.</summary>
internal static class MuxBudget
{
    /// <summary>Draws the budget of a new activation.</summary>
    /// <param name="plan">The mux's settings (rate and distribution).</param>
    /// <param name="random">The mux's source of randomness.</param>
    /// <param name="weight">The normalised weight of the activated stream.</param>
    /// <param name="activeWeight">The total weight of the active set, the new stream included.</param>
    /// <returns>At least 1; <see cref="long.MaxValue"/> when the plan has no rate.</returns>
    public static long Draw(MuxPlan plan, Random random, double weight, double activeWeight)
    {
        if (plan.Rate is not double rate)
        {
            return long.MaxValue;
        }

        switch (plan.Distribution)
        {
            case BudgetDistribution.Constant:
                return (long)Math.Ceiling(rate);

            case BudgetDistribution.Binomial:
                // p is the new stream's share of the active weight. Over an activation the stream is sampled with
                // probability p per item, so pescador 3 draws the budget from Bin((rate − 1)/(1 − p), 1 − p) + 1,
                // truncating the trial count as numpy does; p near 1 (one stream) degenerates, and the Poisson limit
                // takes over (NaN, from an all-zero active set, fails the comparison and falls back too).
                double share = weight / activeWeight;
                if (share <= 0.9999)
                {
                    long trials = (long)Math.Floor((rate - 1) / (1 - share));
                    return 1 + DiscreteSampler.Binomial(random, trials, 1 - share);
                }

                return 1 + DiscreteSampler.Poisson(random, rate - 1);

            default:
                return 1 + DiscreteSampler.Poisson(random, rate - 1);
        }
    }
}

namespace ActorFrames.Mux;

/// <summary>
/// The distribution of an activation's budget: the most items a stream may yield before it is retired. Every
/// budget is at least 1 and its mean is the mux's rate (up to the rounding the distribution implies).
/// </summary>
public enum BudgetDistribution
{
    /// <summary>1 + Poisson(rate − 1): mean rate, variance rate − 1.</summary>
    Poisson = 0,

    /// <summary>ceil(rate) for every activation.</summary>
    Constant = 1,

    /// <summary>
    /// pescador 3's binomial budget: with p the new stream's share of the active weight,
    /// 1 + Binomial(floor((rate − 1) / (1 − p)), 1 − p); when p exceeds 0.9999 (effectively one stream) it falls
    /// back to the Poisson budget. Lower variance than Poisson when many streams are active.
    /// </summary>
    Binomial = 2,
}

using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace ActorFrames.Mux;

/// <summary>
/// A validated, immutable snapshot of <see cref="StochasticMuxOptions"/> for a known number of streams, with the
/// weights normalised; what a <see cref="MuxScheduler"/> runs on.
/// </summary>
internal sealed class MuxPlan
{
    private static readonly StochasticMuxOptionsValidator s_validator = new();

    private MuxPlan(
        ImmutableArray<double> weights, int activeCount, double? rate, StochasticMuxMode mode, BudgetDistribution distribution, bool pruneEmpty, int? seed)
    {
        Weights = weights;
        ActiveCount = activeCount;
        Rate = rate;
        Mode = mode;
        Distribution = distribution;
        PruneEmpty = pruneEmpty;
        Seed = seed;
    }

    /// <summary>Gets the normalised weights, one per stream (they sum to 1).</summary>
    public ImmutableArray<double> Weights { get; }

    /// <summary>Gets the number of streams.</summary>
    public int StreamCount => Weights.Length;

    /// <summary>Gets the number of active slots.</summary>
    public int ActiveCount { get; }

    /// <summary>Gets the mean budget, or null for no budget.</summary>
    public double? Rate { get; }

    /// <summary>Gets the activation mode.</summary>
    public StochasticMuxMode Mode { get; }

    /// <summary>Gets the budget distribution.</summary>
    public BudgetDistribution Distribution { get; }

    /// <summary>Gets a value indicating whether empty activations prune their stream.</summary>
    public bool PruneEmpty { get; }

    /// <summary>Gets the seed, or null for a fresh seed per iteration.</summary>
    public int? Seed { get; }

    /// <summary>Validates <paramref name="options"/> against <paramref name="streamCount"/> streams.</summary>
    /// <param name="options">The options.</param>
    /// <param name="streamCount">The number of streams the mux holds.</param>
    /// <param name="paramName">The caller's parameter name for the options, for the exception.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message names each offending setting, its value and the rule.</exception>
    public static MuxPlan Create(StochasticMuxOptions options, int streamCount, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(streamCount);

        ValidateOptionsResult result = s_validator.Validate(null, options);
        if (result.Failed)
        {
            throw new ArgumentException($"Invalid {nameof(StochasticMuxOptions)}: {result.FailureMessage}", paramName);
        }

        if (options.Mode != StochasticMuxMode.WithReplacement && options.ActiveCount > streamCount)
        {
            throw new ArgumentException(
                $"Invalid {nameof(StochasticMuxOptions)}: ActiveCount is {options.ActiveCount} but there are only {streamCount} streams; " +
                $"mode {options.Mode} activates each stream at most once at a time, so ActiveCount must not exceed the stream count (only WithReplacement may).",
                paramName);
        }

        if (StochasticMuxOptionsValidator.DescribeWeightProblem(options.Weights, streamCount) is { } weightProblem)
        {
            throw new ArgumentException($"Invalid {nameof(StochasticMuxOptions)}: {weightProblem}", paramName);
        }

        return new MuxPlan(
            Normalize(options.Weights, streamCount),
            options.ActiveCount,
            options.Rate,
            options.Mode,
            options.Distribution,
            options.PruneEmpty,
            options.Seed);
    }

    /// <summary>Divides each weight by their sum (uniform weights when none are given).</summary>
    /// <remarks>
    /// Normalising once, up front, makes weights that differ only by a common factor (integers such as 2, 1, 1 and
    /// fractions such as 0.5, 0.25, 0.25) produce the same numbers, hence the same random choices.
    /// </remarks>
    private static ImmutableArray<double> Normalize(IReadOnlyList<double>? weights, int streamCount)
    {
        var normalized = new double[streamCount];
        if (weights is null)
        {
            Array.Fill(normalized, 1.0 / streamCount);
            return ImmutableArray.Create(normalized);
        }

        double sum = 0;
        for (int i = 0; i < streamCount; i++)
        {
            sum += weights[i];
        }

        for (int i = 0; i < streamCount; i++)
        {
            normalized[i] = weights[i] / sum;
        }

        return ImmutableArray.Create(normalized);
    }
}

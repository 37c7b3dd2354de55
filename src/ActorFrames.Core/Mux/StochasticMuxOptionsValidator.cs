using System.Globalization;
using Microsoft.Extensions.Options;

namespace ActorFrames.Mux;

/// <summary>
/// Validates <see cref="StochasticMuxOptions"/> on their own (the checks against the number of streams happen when
/// the mux is built, in <see cref="MuxPlan.Create"/>).
/// </summary>
internal sealed class StochasticMuxOptionsValidator : IValidateOptions<StochasticMuxOptions>
{
    /// <summary>The largest rate accepted: budgets are counted in 64-bit integers with room to spare.</summary>
    public const double MaxRate = 1e15;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StochasticMuxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;

        if (options.ActiveCount < 1)
        {
            Add(ref failures, $"ActiveCount is {options.ActiveCount}; at least one stream must be active.");
        }

        if (options.Rate is double rate && (!double.IsFinite(rate) || rate < 1 || rate > MaxRate))
        {
            Add(ref failures, string.Create(
                CultureInfo.InvariantCulture,
                $"Rate is {rate}; it must be a number from 1 to 1e15 (every budget is at least one item and its mean is the rate), or null to run streams to exhaustion."));
        }

        if (!Enum.IsDefined(options.Mode))
        {
            Add(ref failures, $"Mode is {(int)options.Mode}; use WithReplacement, SingleActive or Exhaustive.");
        }

        if (!Enum.IsDefined(options.Distribution))
        {
            Add(ref failures, $"Distribution is {(int)options.Distribution}; use Poisson, Constant or Binomial.");
        }

        if (DescribeWeightProblem(options.Weights, streamCount: null) is { } weightProblem)
        {
            Add(ref failures, weightProblem);
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Checks a weight list: finite, non-negative, one positive at least, and one per stream when the count is known.</summary>
    /// <param name="weights">The weights, or null for equal weights (always valid).</param>
    /// <param name="streamCount">The number of streams, when known.</param>
    /// <returns>A message naming the offending entry, its value and the rule; null when the weights are valid.</returns>
    public static string? DescribeWeightProblem(IReadOnlyList<double>? weights, int? streamCount)
    {
        if (weights is null)
        {
            return null;
        }

        if (streamCount is int count && weights.Count != count)
        {
            return $"Weights has {weights.Count} entries but there are {count} streams; give one weight per stream.";
        }

        bool anyPositive = false;
        for (int i = 0; i < weights.Count; i++)
        {
            double weight = weights[i];
            if (!double.IsFinite(weight) || weight < 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Weights[{i}] is {weight}; weights must be finite and non-negative.");
            }

            anyPositive |= weight > 0;
        }

        return anyPositive ? null : "Weights holds no positive value; at least one stream must have a positive weight.";
    }

    private static void Add(ref List<string>? failures, string failure) => (failures ??= []).Add(failure);
}

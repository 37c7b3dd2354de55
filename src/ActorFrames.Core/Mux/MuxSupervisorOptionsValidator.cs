using System.Globalization;
using Microsoft.Extensions.Options;

namespace ActorFrames.Mux;

/// <summary>
/// Validates <see cref="MuxSupervisorOptions"/>, the nested <see cref="MuxSupervisorOptions.Mux"/> settings included
/// (the checks against the number of streams happen when the supervisor is built).
/// </summary>
internal sealed class MuxSupervisorOptionsValidator : IValidateOptions<MuxSupervisorOptions>
{
    private static readonly StochasticMuxOptionsValidator s_muxValidator = new();

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MuxSupervisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Collect(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws when <paramref name="options"/> are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <param name="paramName">The caller's parameter name.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names every offending key, its value and the rule.</exception>
    public static void ThrowIfInvalid(MuxSupervisorOptions options, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        var failures = Collect(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(MuxSupervisorOptions)}: {string.Join(" ", failures)}", paramName);
        }
    }

    private static List<string> Collect(MuxSupervisorOptions o)
    {
        var failures = new List<string>();
        if (o.Mux is null)
        {
            failures.Add("Mux is null; give the sampling settings.");
        }
        else if (s_muxValidator.Validate(null, o.Mux) is { Failed: true } mux)
        {
            foreach (string failure in mux.Failures)
            {
                failures.Add("Mux:" + failure);
            }
        }

        if (string.IsNullOrWhiteSpace(o.SourceId))
        {
            failures.Add("SourceId is empty; the merged stream needs a name.");
        }

        if (o.MaxRestarts < -1)
        {
            failures.Add($"MaxRestarts is {o.MaxRestarts}; use -1 for no limit, 0 to prune on the first failure, or a positive count.");
        }

        if (o.RestartWindow <= TimeSpan.Zero)
        {
            failures.Add($"RestartWindow is {o.RestartWindow}; it must be positive.");
        }

        if (o.BackoffMin <= TimeSpan.Zero)
        {
            failures.Add($"BackoffMin is {o.BackoffMin}; it must be positive.");
        }

        if (o.BackoffMax < o.BackoffMin)
        {
            failures.Add($"BackoffMax is {o.BackoffMax}; it must be at least BackoffMin ({o.BackoffMin}).");
        }

        if (!(o.BackoffJitter >= 0 && o.BackoffJitter <= 1))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"BackoffJitter is {o.BackoffJitter}; it must be a fraction from 0 to 1."));
        }

        if (o.FramesInFlight < 1)
        {
            failures.Add($"FramesInFlight is {o.FramesInFlight}; a stream needs room for at least one frame.");
        }

        return failures;
    }
}

using System.Globalization;
using Microsoft.Extensions.Options;

namespace ActorFrames.Rechunking;

/// <summary>
/// Checks <see cref="RechunkOptions"/> before a stream starts; every failure names the key, the value and the
/// rule. Checks that need the stream's sample rate (durations, a hop given in other units than the size) run
/// again when the first frame arrives.
/// </summary>
public sealed class RechunkOptionsValidator : IValidateOptions<RechunkOptions>
{
    /// <summary>Validates <paramref name="options"/>.</summary>
    /// <param name="name">The named options instance (the consumer), or <see langword="null"/>.</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or every failure found.</returns>
    public ValidateOptionsResult Validate(string? name, RechunkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Collect(name, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws when <paramref name="options"/> are invalid.</summary>
    /// <param name="consumer">The consumer the options belong to.</param>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists every failure.</exception>
    internal static void ThrowIfInvalid(string consumer, RechunkOptions options)
    {
        var failures = Collect(consumer, options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
        }
    }

    /// <summary>The prefix every message starts with: the options type and, when named, the consumer.</summary>
    /// <param name="name">The consumer, or <see langword="null"/>.</param>
    /// <returns>For example <c>RechunkOptions[level]</c>.</returns>
    internal static string KeyPrefix(string? name)
        => string.IsNullOrEmpty(name) ? nameof(RechunkOptions) : $"{nameof(RechunkOptions)}[{name}]";

    private static List<string> Collect(string? name, RechunkOptions o)
    {
        var key = KeyPrefix(name);
        var failures = new List<string>();
        var c = CultureInfo.InvariantCulture;

        if (o.Size is null == o.Duration is null)
        {
            failures.Add(string.Create(c, $"{key}.Size = {Show(o.Size)} and {key}.Duration = {Show(o.Duration)}: set exactly one of them."));
        }

        if (o.Size is { } size && size <= 0)
        {
            failures.Add(string.Create(c, $"{key}.Size = {size}: the size must be at least 1 sample."));
        }

        if (o.Duration is { } duration && duration <= TimeSpan.Zero)
        {
            failures.Add(string.Create(c, $"{key}.Duration = {duration}: the duration must be positive."));
        }

        if (o.Hop is not null && o.HopDuration is not null)
        {
            failures.Add(string.Create(c, $"{key}.Hop = {o.Hop} and {key}.HopDuration = {o.HopDuration}: set at most one of them."));
        }

        if (o.Hop is { } hop && hop <= 0)
        {
            failures.Add(string.Create(c, $"{key}.Hop = {hop}: the hop must be at least 1 sample."));
        }

        if (o.HopDuration is { } hopDuration && hopDuration <= TimeSpan.Zero)
        {
            failures.Add(string.Create(c, $"{key}.HopDuration = {hopDuration}: the hop must be positive."));
        }

        if (o.Hop is { } h && o.Size is { } s && h > s)
        {
            failures.Add(string.Create(c, $"{key}.Hop = {h}: the hop must not exceed {key}.Size = {s}, or data between chunks would be lost."));
        }

        if (o.HopDuration is { } hd && o.Duration is { } d && hd > d)
        {
            failures.Add(string.Create(c, $"{key}.HopDuration = {hd}: the hop must not exceed {key}.Duration = {d}, or data between chunks would be lost."));
        }

        if (o.Mode == RechunkMode.WholeFrames && (o.Hop is not null || o.HopDuration is not null))
        {
            failures.Add(string.Create(c, $"{key}.Hop = {Show(o.Hop)}, {key}.HopDuration = {Show(o.HopDuration)}: overlapping chunks need {key}.Mode = Clip, not WholeFrames."));
        }

        if (!Enum.IsDefined(o.Mode))
        {
            failures.Add(string.Create(c, $"{key}.Mode = {(int)o.Mode}: use Clip or WholeFrames."));
        }

        if (!Enum.IsDefined(o.Tail))
        {
            failures.Add(string.Create(c, $"{key}.Tail = {(int)o.Tail}: use Emit or Drop."));
        }

        if (o.SampleRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            failures.Add(string.Create(c, $"{key}.SampleRate = {rate}: the rate must be a positive, finite number of samples per second."));
        }

        if (o.MaxBufferedChunks == 0 || o.MaxBufferedChunks < -1)
        {
            failures.Add(string.Create(c, $"{key}.MaxBufferedChunks = {o.MaxBufferedChunks}: use -1 (unbounded) or at least 1."));
        }

        if (o.Pause < TimeSpan.Zero)
        {
            failures.Add(string.Create(c, $"{key}.Pause = {o.Pause}: the pause must be zero or positive."));
        }

        return failures;
    }

    private static string Show<TValue>(TValue? value)
        where TValue : struct
        => value is { } v ? string.Format(CultureInfo.InvariantCulture, "{0}", v) : "(not set)";
}

namespace ActorFrames.Actors;

/// <summary>
/// How an actor supervises its children when one of them throws: which <see cref="Directive"/> applies
/// (the decider), to whom (OneForOne: the failed child; AllForOne: all children), how many restarts are
/// allowed within a time window, and how long to wait before a restart (exponential backoff with jitter,
/// measured on the system's <see cref="TimeProvider"/>).
/// </summary>
/// <remarks>
/// The message whose handling failed is never retried: it is dropped, named (by type) in the supervisor's
/// log entry, and passed to <see cref="IActor.PreRestartAsync"/> on a restart. While a child waits for its
/// directive (and during a restart backoff) it is suspended: its messages stay queued and it handles only
/// system messages. When the restart limit is exceeded the child is stopped instead.
/// </remarks>
public sealed record SupervisorStrategy
{
    private SupervisorStrategy(bool allForOne, Func<Exception, Directive> decider, int maxRetries, TimeSpan window)
    {
        IsAllForOne = allForOne;
        Decider = decider;
        MaxRetries = maxRetries;
        Window = window;
    }

    /// <summary>
    /// The default: OneForOne, Restart for every exception, at most 10 restarts per child within one
    /// minute (then Stop), no backoff.
    /// </summary>
    public static SupervisorStrategy Default { get; } = OneForOne(static _ => Directive.Restart);

    /// <summary>True for AllForOne (a directive applies to all children), false for OneForOne.</summary>
    public bool IsAllForOne { get; }

    /// <summary>Maps a child's exception to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Restarts allowed per child within <see cref="Window"/>; -1 for unlimited, 0 to never restart.</summary>
    public int MaxRetries { get; }

    /// <summary>The window in which <see cref="MaxRetries"/> is counted; it starts at the first restart.</summary>
    public TimeSpan Window { get; }

    /// <summary>The delay before the first restart in a window; zero for none.</summary>
    public TimeSpan BackoffMin { get; private init; }

    /// <summary>The longest restart delay; the delay doubles per restart in the window up to this.</summary>
    public TimeSpan BackoffMax { get; private init; }

    /// <summary>The jitter fraction: each delay is multiplied by 1 + Jitter * u, u in [0, 1), then capped.</summary>
    public double Jitter { get; private init; }

    /// <summary>The seed of the jitter, so restart delays can be replayed.</summary>
    public int JitterSeed { get; private init; }

    /// <summary>A strategy whose directive applies only to the failed child.</summary>
    /// <param name="decider">Maps an exception to a directive.</param>
    /// <param name="maxRetries">Restarts allowed per child within <paramref name="window"/>; -1 for unlimited.</param>
    /// <param name="window">The counting window; one minute when null.</param>
    /// <returns>The strategy.</returns>
    public static SupervisorStrategy OneForOne(Func<Exception, Directive> decider, int maxRetries = 10, TimeSpan? window = null)
        => Create(allForOne: false, decider, maxRetries, window);

    /// <summary>A strategy whose directive applies to all children when one fails (Resume only to the failed one).</summary>
    /// <param name="decider">Maps an exception to a directive.</param>
    /// <param name="maxRetries">Restarts allowed per child within <paramref name="window"/>; -1 for unlimited.</param>
    /// <param name="window">The counting window; one minute when null.</param>
    /// <returns>The strategy.</returns>
    public static SupervisorStrategy AllForOne(Func<Exception, Directive> decider, int maxRetries = 10, TimeSpan? window = null)
        => Create(allForOne: true, decider, maxRetries, window);

    /// <summary>
    /// Delays restarts: the n-th restart in a window waits min(<paramref name="max"/>, <paramref name="min"/> * 2^(n-1)),
    /// multiplied by 1 + <paramref name="jitter"/> * u with u drawn from <paramref name="seed"/>, the child's
    /// name and n (so a run can be replayed), then capped at <paramref name="max"/>.
    /// </summary>
    /// <param name="min">The first delay; positive.</param>
    /// <param name="max">The cap; at least <paramref name="min"/>.</param>
    /// <param name="jitter">The jitter fraction in [0, 1].</param>
    /// <param name="seed">The jitter seed.</param>
    /// <returns>A copy of this strategy with backoff.</returns>
    public SupervisorStrategy WithBackoff(TimeSpan min, TimeSpan max, double jitter = 0.2, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        if (!(jitter >= 0 && jitter <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The jitter fraction must be between 0 and 1.");
        }

        return this with { BackoffMin = min, BackoffMax = max, Jitter = jitter, JitterSeed = seed };
    }

    /// <summary>The delay before the <paramref name="restartCount"/>-th restart (1-based) of the child named <paramref name="childName"/>.</summary>
    internal TimeSpan ComputeBackoff(int restartCount, string childName)
    {
        if (BackoffMin <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        double exponent = Math.Min(Math.Max(restartCount - 1, 0), 62);
        double ticks = Math.Min(BackoffMin.Ticks * Math.Pow(2, exponent), BackoffMax.Ticks);
        if (Jitter > 0)
        {
            ulong mixed = Mix((ulong)(uint)JitterSeed ^ ((ulong)StableHash(childName) << 32) ^ ((ulong)restartCount * 0x9E3779B97F4A7C15UL));
            double u = (mixed >> 11) * (1.0 / (1UL << 53));
            ticks *= 1 + (Jitter * u);
        }

        return TimeSpan.FromTicks((long)Math.Min(ticks, BackoffMax.Ticks));
    }

    private static SupervisorStrategy Create(bool allForOne, Func<Exception, Directive> decider, int maxRetries, TimeSpan? window)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetries, -1);
        var span = window ?? TimeSpan.FromMinutes(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero, nameof(window));
        return new SupervisorStrategy(allForOne, decider, maxRetries, span);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}

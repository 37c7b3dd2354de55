using System.Globalization;
using ActorFrames.Actors;

namespace ActorFrames.Mux;

/// <summary>
/// The restart bookkeeping of a mux supervisor, without any actor: counts each stream's failures within the restart
/// window, decides restart or prune, and computes the back-off. Not thread-safe (its supervisor is its only user).
/// </summary>
/// <remarks>
/// The rules and the delays are the kernel's (<see cref="SupervisorStrategy"/>): the window starts at a stream's
/// first failure and resets when a failure comes after it has passed; the n-th restart in a window waits
/// min(max, min · 2^(n−1)), times 1 + jitter · u with u drawn from the seed, the stream and n (so two streams
/// failing together do not restart in lockstep, and a run replays), capped at max.
/// </remarks>
internal sealed class MuxRestartPolicy
{
    private readonly SupervisorStrategy _strategy;
    private readonly TimeProvider _time;
    private readonly int[] _failures;
    private readonly long[] _windowStart;

    /// <summary>Initializes the policy.</summary>
    /// <param name="options">The validated settings.</param>
    /// <param name="streamCount">The number of streams.</param>
    /// <param name="seed">The jitter seed.</param>
    /// <param name="time">The clock of the window.</param>
    public MuxRestartPolicy(MuxSupervisorOptions options, int streamCount, int seed, TimeProvider time)
    {
        _strategy = SupervisorStrategy.OneForOne(static _ => Directive.Stop, options.MaxRestarts, options.RestartWindow)
            .WithBackoff(options.BackoffMin, options.BackoffMax, options.BackoffJitter, seed);
        _time = time;
        _failures = new int[streamCount];
        _windowStart = new long[streamCount];
    }

    /// <summary>Gets the restart limit per window (−1: none).</summary>
    public int MaxRestarts => _strategy.MaxRetries;

    /// <summary>Gets the window.</summary>
    public TimeSpan Window => _strategy.Window;

    /// <summary>Counts a failure of <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream index.</param>
    /// <param name="attempt">The failure's number within the current window: the restart number if one is allowed.</param>
    /// <returns>True when the stream may be restarted; false when it exceeded the limit and must be pruned.</returns>
    public bool TryCountFailure(int stream, out int attempt)
    {
        long now = _time.GetTimestamp();
        if (_failures[stream] == 0 || _time.GetElapsedTime(_windowStart[stream], now) > _strategy.Window)
        {
            _windowStart[stream] = now;
            _failures[stream] = 0;
        }

        attempt = ++_failures[stream];
        return _strategy.MaxRetries < 0 || attempt <= _strategy.MaxRetries;
    }

    /// <summary>The back-off before restart number <paramref name="attempt"/> of <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream index.</param>
    /// <param name="attempt">The restart number within the window, from 1.</param>
    /// <returns>The delay.</returns>
    public TimeSpan ComputeDelay(int stream, int attempt) => _strategy.ComputeBackoff(attempt, StreamName(stream));

    /// <summary>Describes why a stream that failed <paramref name="failures"/> times is pruned.</summary>
    /// <param name="failures">Its failures within the window.</param>
    /// <param name="error">Its last error.</param>
    /// <returns>A sentence for the <see cref="StreamPruned"/> event and the log.</returns>
    public string DescribePrune(int failures, Exception error) => _strategy.MaxRetries == 0
        ? $"it failed and restarts are disabled (MaxRestarts = 0); last error: {error.GetType().Name}: {error.Message}"
        : string.Create(
            CultureInfo.InvariantCulture,
            $"it failed {failures} times within {_strategy.Window}, more than the {_strategy.MaxRetries} restarts allowed; last error: {error.GetType().Name}: {error.Message}");

    /// <summary>The name the jitter of <paramref name="stream"/> is drawn from.</summary>
    /// <param name="stream">The stream index.</param>
    /// <returns>The name.</returns>
    internal static string StreamName(int stream) => "stream-" + stream.ToString(CultureInfo.InvariantCulture);
}

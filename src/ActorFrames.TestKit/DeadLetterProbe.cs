using ActorFrames.Actors;

namespace ActorFrames.TestKit;

/// <summary>
/// Subscribes to an actor system's <see cref="ActorSystem.DeadLetters"/> and lets a test expect dead
/// letters as it would messages on a <see cref="TestProbe"/>. Dispose it to unsubscribe.
/// </summary>
public sealed class DeadLetterProbe : IDisposable
{
    private readonly TestProbe _probe;
    private readonly IDisposable _subscription;

    /// <summary>Subscribes to <paramref name="system"/>'s dead letters from now on.</summary>
    /// <param name="system">The system.</param>
    /// <param name="defaultTimeout">The real-time bound of expectations; 5 seconds when null.</param>
    public DeadLetterProbe(ActorSystem system, TimeSpan? defaultTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        _probe = new TestProbe(system, "dead-letters", defaultTimeout);
        _subscription = system.DeadLetters.Subscribe(_probe);
    }

    /// <summary>Expects the next dead letter to carry a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    /// <typeparam name="T">The expected message type.</typeparam>
    /// <param name="predicate">An extra condition, or null.</param>
    /// <param name="timeout">The real-time bound; the probe's default when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The dead letter.</returns>
    public async Task<DeadLetter> ExpectDeadLetterAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var letter = await _probe.ExpectMsgAsync<DeadLetter>(null, timeout, cancellationToken).ConfigureAwait(false);
        if (letter.Message is not T typed || (predicate is not null && !predicate(typed)))
        {
            throw new ExpectationFailedException(
                $"Expected a dead letter carrying a matching {typeof(T).FullName} but got a {letter.Message.GetType().FullName} ({letter.Reason}) to '{letter.Recipient.Path}'.");
        }

        return letter;
    }

    /// <summary>Skips dead letters until one carries a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    /// <typeparam name="T">The message type fished for.</typeparam>
    /// <param name="predicate">An extra condition, or null.</param>
    /// <param name="timeout">The real-time bound; the probe's default when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The dead letter.</returns>
    public Task<DeadLetter> FishForDeadLetterAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => _probe.FishForMessageAsync<DeadLetter>(
            letter => letter.Message is T typed && (predicate is null || predicate(typed)),
            timeout,
            cancellationToken);

    /// <summary>Checks that no dead letter appears for <paramref name="duration"/> (see <see cref="TestProbe.ExpectNoMsgAsync"/>).</summary>
    /// <param name="duration">How long.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the duration has passed quietly.</returns>
    public Task ExpectNoDeadLetterAsync(TimeSpan duration, CancellationToken cancellationToken = default)
        => _probe.ExpectNoMsgAsync(duration, cancellationToken);

    /// <summary>Unsubscribes.</summary>
    public void Dispose() => _subscription.Dispose();
}

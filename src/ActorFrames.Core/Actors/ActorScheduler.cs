namespace ActorFrames.Actors;

/// <summary>
/// Tells messages later, on the actor system's <see cref="TimeProvider"/> (so a manual clock in tests drives
/// it). The scheduler of an <see cref="IActorContext"/> cancels everything it scheduled when its actor stops.
/// </summary>
public sealed class ActorScheduler
{
    private readonly TimeProvider _time;
    private readonly HashSet<ScheduledTell>? _live;

    internal ActorScheduler(TimeProvider time, DeadLetterOffice? deadLetters, bool tracksHandles)
    {
        _time = time;
        DeadLetters = deadLetters;
        _live = tracksHandles ? [] : null;
    }

    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> once, after <paramref name="delay"/>.</summary>
    /// <param name="delay">The delay; zero or positive.</param>
    /// <param name="receiver">The recipient.</param>
    /// <param name="message">The message.</param>
    /// <param name="sender">The sender to tell it with, or null.</param>
    /// <returns>A handle that cancels the delivery.</returns>
    public ScheduledTell ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Schedule(delay, Timeout.InfiniteTimeSpan, receiver, message, sender, repeats: false);
    }

    /// <summary>Tells <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    /// <param name="initialDelay">The first delay; zero or positive.</param>
    /// <param name="interval">The period; positive.</param>
    /// <param name="receiver">The recipient.</param>
    /// <param name="message">The message.</param>
    /// <param name="sender">The sender to tell it with, or null.</param>
    /// <returns>A handle that cancels further deliveries.</returns>
    public ScheduledTell ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Schedule(initialDelay, interval, receiver, message, sender, repeats: true);
    }

    internal DeadLetterOffice? DeadLetters { get; }

    internal void Forget(ScheduledTell handle)
    {
        if (_live is null)
        {
            return;
        }

        lock (_live)
        {
            _live.Remove(handle);
        }
    }

    internal void CancelAll()
    {
        if (_live is null)
        {
            return;
        }

        ScheduledTell[] handles;
        lock (_live)
        {
            handles = [.. _live];
            _live.Clear();
        }

        foreach (var handle in handles)
        {
            handle.Cancel();
        }
    }

    private ScheduledTell Schedule(TimeSpan dueTime, TimeSpan period, IActorRef receiver, object message, IActorRef? sender, bool repeats)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        var handle = new ScheduledTell(this, receiver, message, sender, repeats);
        if (_live is not null)
        {
            lock (_live)
            {
                _live.Add(handle);
            }
        }

        handle.Start(_time, dueTime, period);
        return handle;
    }
}

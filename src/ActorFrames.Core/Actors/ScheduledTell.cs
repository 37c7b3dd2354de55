namespace ActorFrames.Actors;

/// <summary>A message scheduled by <see cref="ActorScheduler"/>; cancel or dispose it to stop further deliveries.</summary>
public sealed class ScheduledTell : IDisposable
{
    private readonly IActorRef _receiver;
    private readonly object _message;
    private readonly IActorRef? _sender;
    private readonly bool _repeats;
    private readonly ActorScheduler _owner;
    private ITimer? _timer;
    private int _canceled;

    internal ScheduledTell(ActorScheduler owner, IActorRef receiver, object message, IActorRef? sender, bool repeats)
    {
        _owner = owner;
        _receiver = receiver;
        _message = message;
        _sender = sender;
        _repeats = repeats;
    }

    /// <summary>Whether <see cref="Cancel"/> was called (or a one-off delivery already happened).</summary>
    public bool IsCanceled => Volatile.Read(ref _canceled) != 0;

    /// <summary>Stops further deliveries; a delivery already under way still completes. Idempotent.</summary>
    public void Cancel()
    {
        if (Interlocked.Exchange(ref _canceled, 1) == 0)
        {
            _timer?.Dispose();
            _owner.Forget(this);
        }
    }

    /// <summary>Same as <see cref="Cancel"/>.</summary>
    public void Dispose() => Cancel();

    internal void Start(TimeProvider time, TimeSpan dueTime, TimeSpan period)
    {
        _timer = time.CreateTimer(static state => ((ScheduledTell)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(dueTime, period);
    }

    private void Fire()
    {
        if (IsCanceled)
        {
            return;
        }

        if (!_repeats)
        {
            Cancel();
        }

        try
        {
            _receiver.Tell(_message, _sender);
        }
        catch (MailboxFullException)
        {
            // The timer thread has no caller to throw to: the rejection is already counted by the mailbox,
            // and the message is recorded as a dead letter so that it stays observable.
            _owner.DeadLetters?.Publish(_message, _sender, _receiver, DeadLetterReason.Dropped);
        }
    }
}

namespace ActorFrames.Actors;

/// <summary>A system message sent after a delay on the system's <see cref="TimeProvider"/> (restart backoff).</summary>
internal sealed class DelayedSystemMessage
{
    private readonly ActorCell _target;
    private readonly SystemMessage _message;
    private ITimer? _timer;

    private DelayedSystemMessage(ActorCell target, SystemMessage message)
    {
        _target = target;
        _message = message;
    }

    public static void Schedule(TimeProvider time, TimeSpan delay, ActorCell target, SystemMessage message)
    {
        var pending = new DelayedSystemMessage(target, message);
        pending._timer = time.CreateTimer(static state => ((DelayedSystemMessage)state!).Fire(), pending, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        pending._timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        _timer?.Dispose();
        _target.SendSystemMessage(_message);
    }
}

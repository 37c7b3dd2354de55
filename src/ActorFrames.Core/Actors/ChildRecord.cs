namespace ActorFrames.Actors;

/// <summary>A child and its restart count within the supervisor's window.</summary>
internal sealed class ChildRecord(ActorCell cell)
{
    private int _restarts;
    private long _windowStart;

    public ActorCell Cell { get; } = cell;

    /// <summary>Counts a restart; false when the strategy's limit within its window is exceeded.</summary>
    public bool TryCountRestart(SupervisorStrategy strategy, TimeProvider time, out int restartNumber)
    {
        long now = time.GetTimestamp();
        if (_restarts == 0 || time.GetElapsedTime(_windowStart, now) > strategy.Window)
        {
            _windowStart = now;
            _restarts = 0;
        }

        restartNumber = ++_restarts;
        return strategy.MaxRetries < 0 || restartNumber <= strategy.MaxRetries;
    }
}

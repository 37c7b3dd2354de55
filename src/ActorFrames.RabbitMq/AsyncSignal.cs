using System.Threading.Tasks.Sources;

namespace ActorFrames.RabbitMq;

/// <summary>
/// An auto-reset signal for one waiting loop: <see cref="Set"/> from any thread wakes the loop, or makes its next
/// <see cref="WaitAsync"/> return at once; signals given while the loop was busy collapse into one. Waiting allocates
/// nothing (the signal is its own task source).
/// </summary>
internal sealed class AsyncSignal : IValueTaskSource
{
    private const int Idle = 0;
    private const int Signalled = 1;
    private const int Waiting = 2;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;

    /// <summary>Wakes the waiting loop, or lets its next wait return at once.</summary>
    public void Set()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Signalled:
                    return;
                case Idle when Interlocked.CompareExchange(ref _state, Signalled, Idle) == Idle:
                    return;
                case Waiting when Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting:
                    _core.SetResult(true);
                    return;
            }
        }
    }

    /// <summary>Waits for the next signal; only one caller may wait at a time.</summary>
    /// <returns>A task that completes when signalled.</returns>
    public ValueTask WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signalled) == Signalled)
        {
            return ValueTask.CompletedTask;
        }

        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Idle)
        {
            return new ValueTask(this, _core.Version);
        }

        // Signalled between the two exchanges: consume it.
        Volatile.Write(ref _state, Idle);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    /// <inheritdoc />
    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc />
    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}

using System.Threading.Tasks.Sources;

namespace ActorFrames.Workers;

/// <summary>
/// Bounds the chunks a consumer has in flight. One dispatcher (the consumer's single rechunk actor) enters,
/// any worker thread exits. Entering is synchronous while there is room; when full, the one waiter awaits a
/// reusable value-task source, so a saturated consumer allocates nothing per chunk either.
/// </summary>
internal sealed class InFlightGate : IValueTaskSource
{
    private readonly int _limit;
    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _count;
    private bool _waiting;
    private CancellationTokenRegistration _registration;

    /// <summary>Creates a gate admitting at most <paramref name="limit"/> at once.</summary>
    /// <param name="limit">The in-flight limit, 1 or more.</param>
    public InFlightGate(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _limit = limit;
    }

    /// <summary>Gets the number in flight.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets the limit.</summary>
    public int Limit => _limit;

    /// <summary>Enters when there is room.</summary>
    /// <returns><see langword="true"/> when entered.</returns>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_count < _limit)
            {
                _count++;
                return true;
            }

            return false;
        }
    }

    /// <summary>Enters, waiting for room. Only one caller may wait at a time.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once entered.</returns>
    public ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_count < _limit)
            {
                _count++;
                return ValueTask.CompletedTask;
            }

            if (_waiting)
            {
                throw new InvalidOperationException("InFlightGate admits one waiter at a time: the consumer's dispatcher is its only caller.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            _core.Reset();
            _waiting = true;
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static (state, token) => ((InFlightGate)state!).Cancel(token), this);
            }

            return new ValueTask(this, _core.Version);
        }
    }

    /// <summary>Leaves, waking the waiter if there is one (it takes the freed place).</summary>
    public void Exit()
    {
        lock (_gate)
        {
            if (_waiting)
            {
                // The freed place passes straight to the waiter: the count stays.
                _waiting = false;
                _registration.Unregister();
                _core.SetResult(true);
                return;
            }

            _count--;
        }
    }

    /// <summary>Completes when nothing is in flight (polled on exits).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the count is 0.</returns>
    public async Task WaitEmptyAsync(CancellationToken cancellationToken)
    {
        // Drain happens once per stream end: entering every place guarantees all earlier entries exited.
        var held = 0;
        try
        {
            for (; held < _limit; held++)
            {
                await EnterAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            for (var i = 0; i < held; i++)
            {
                Exit();
            }
        }
    }

    /// <inheritdoc />
    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    /// <inheritdoc />
    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc />
    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    private void Cancel(CancellationToken token)
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
            _core.SetException(new OperationCanceledException(token));
        }
    }
}

namespace ActorFrames.TestKit;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test calls <see cref="Advance"/> or
/// <see cref="SetUtcNow"/>. Timers created through <see cref="CreateTimer"/> fire synchronously on the
/// thread that advances the clock, one at a time, in due-time order (timers due at the same instant fire
/// in the order they were scheduled), and <see cref="GetUtcNow"/> reports each timer's due time while its
/// callback runs. Periodic timers fire once per elapsed period, so advancing by three periods fires a
/// periodic timer three times.
/// </summary>
/// <remarks>
/// A timer whose due time is zero (or already reached) does not fire inside <c>CreateTimer</c> or
/// <c>Change</c>: it fires at the next <see cref="Advance"/> call, and <c>Advance(TimeSpan.Zero)</c> is the
/// way to fire it without moving the clock. Callbacks may create, change or dispose timers (a timer they
/// create that falls due before the target time fires within the same <see cref="Advance"/> call), but
/// must not call <see cref="Advance"/> themselves. The class is thread-safe.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset s_defaultStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly PriorityQueue<ManualTimer, (long DueTicks, long Sequence)> _queue = new();
    private readonly TimeZoneInfo _localTimeZone;
    private long _nowTicks;
    private long _sequence;
    private bool _advancing;
    private List<(int Count, TaskCompletionSource Signal)>? _timerWaiters;

    /// <summary>Creates a manual clock that starts at 2000-01-01T00:00:00Z in the UTC time zone.</summary>
    public ManualTimeProvider()
        : this(s_defaultStart)
    {
    }

    /// <summary>Creates a manual clock that starts at <paramref name="start"/>.</summary>
    /// <param name="start">The initial value of <see cref="GetUtcNow"/>; converted to UTC.</param>
    /// <param name="localTimeZone">The zone reported by <see cref="LocalTimeZone"/>; UTC when null.</param>
    public ManualTimeProvider(DateTimeOffset start, TimeZoneInfo? localTimeZone = null)
    {
        _nowTicks = start.UtcTicks;
        _localTimeZone = localTimeZone ?? TimeZoneInfo.Utc;
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _localTimeZone;

    /// <summary>Ticks per second of <see cref="GetTimestamp"/>: the timestamp is the clock in 100 ns ticks.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>How many timers are scheduled and not yet fired, disposed or disabled.</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_lock)
            {
                int count = 0;
                foreach (var (timer, priority) in _queue.UnorderedItems)
                {
                    if (timer.IsCurrent(priority.Sequence))
                    {
                        count++;
                    }
                }

                return count;
            }
        }
    }

    /// <summary>
    /// Completes when at least <paramref name="count"/> timers are pending: the way to wait until code on
    /// another thread (an actor) has scheduled its timer before the test advances the clock.
    /// </summary>
    /// <param name="count">How many pending timers to wait for.</param>
    /// <param name="timeout">A real-time bound; the task fails with <see cref="TimeoutException"/> after it.</param>
    /// <returns>A task that completes when enough timers are pending.</returns>
    public Task WaitForPendingTimersAsync(int count, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (PendingTimerCount >= count)
            {
                return Task.CompletedTask;
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_timerWaiters ??= []).Add((count, signal));
        }

        return WaitAsync(signal.Task, count, timeout);

        static async Task WaitAsync(Task signal, int count, TimeSpan timeout)
        {
            try
            {
                await signal.WaitAsync(timeout, TimeProvider.System).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"Expected {count} pending timer(s) on the manual clock within {timeout} of real time.", ex);
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);

    /// <inheritdoc />
    public override long GetTimestamp() => Volatile.Read(ref _nowTicks);

    /// <summary>
    /// Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due on the way,
    /// in due-time order, each with the clock set to its due time.
    /// </summary>
    /// <param name="delta">How far to move; zero fires the timers that are already due.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">Called from inside a timer callback.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        long target;
        lock (_lock)
        {
            target = _nowTicks + delta.Ticks;
        }

        RunUntil(target);
    }

    /// <summary>
    /// Sets the clock to <paramref name="value"/>, firing the timers that fall due on the way as
    /// <see cref="Advance"/> does.
    /// </summary>
    /// <param name="value">The new time; must not be earlier than the current time.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is earlier than now.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_lock)
        {
            if (value.UtcTicks < _nowTicks)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value),
                    value,
                    $"The manual clock cannot go back: it reads {GetUtcNow():O} and {value:O} is earlier.");
            }
        }

        RunUntil(value.UtcTicks);
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <inheritdoc />
    public override string ToString() => $"ManualTimeProvider({GetUtcNow():O})";

    private void RunUntil(long targetTicks)
    {
        lock (_lock)
        {
            if (_advancing)
            {
                throw new InvalidOperationException(
                    "ManualTimeProvider.Advance was called while timers were firing (from a timer callback or another thread); advance the clock from one place at a time.");
            }

            _advancing = true;
        }

        try
        {
            while (true)
            {
                ManualTimer timer;
                lock (_lock)
                {
                    if (!TryTakeDue(targetTicks, out timer, out long dueTicks))
                    {
                        _nowTicks = Math.Max(_nowTicks, targetTicks);
                        return;
                    }

                    _nowTicks = Math.Max(_nowTicks, dueTicks);
                    timer.OnFiring(dueTicks);
                }

                timer.Invoke();
            }
        }
        finally
        {
            lock (_lock)
            {
                _advancing = false;
            }
        }
    }

    private bool TryTakeDue(long targetTicks, out ManualTimer timer, out long dueTicks)
    {
        while (_queue.TryPeek(out timer!, out var priority))
        {
            if (!timer.IsCurrent(priority.Sequence))
            {
                _queue.Dequeue();
                continue;
            }

            if (priority.DueTicks > targetTicks)
            {
                break;
            }

            _queue.Dequeue();
            dueTicks = priority.DueTicks;
            return true;
        }

        timer = null!;
        dueTicks = 0;
        return false;
    }

    /// <summary>Schedules <paramref name="timer"/> at <paramref name="dueTicks"/>; the caller holds the lock.</summary>
    private long Schedule(ManualTimer timer, long dueTicks)
    {
        long sequence = ++_sequence;
        _queue.Enqueue(timer, (dueTicks, sequence));
        if (_timerWaiters is { Count: > 0 } waiters)
        {
            // The new entry is not yet marked current by the caller, so count it explicitly.
            int pending = PendingTimerCount + 1;
            waiters.RemoveAll(w =>
            {
                if (pending < w.Count)
                {
                    return false;
                }

                w.Signal.TrySetResult();
                return true;
            });
        }

        return sequence;
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private long _sequence;
        private long _periodTicks;
        private bool _disposed;

        public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ValidateSpan(dueTime, nameof(dueTime));
            ValidateSpan(period, nameof(period));
            lock (_owner._lock)
            {
                if (_disposed)
                {
                    return false;
                }

                _sequence = 0;
                _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    _sequence = _owner.Schedule(this, _owner._nowTicks + dueTime.Ticks);
                }

                return true;
            }
        }

        public void Dispose()
        {
            lock (_owner._lock)
            {
                _disposed = true;
                _sequence = 0;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>Whether a queue entry with <paramref name="sequence"/> is this timer's live schedule.</summary>
        public bool IsCurrent(long sequence) => !_disposed && _sequence == sequence;

        /// <summary>Called under the owner's lock when the entry is taken: reschedules a periodic timer.</summary>
        public void OnFiring(long dueTicks)
        {
            _sequence = _periodTicks > 0 ? _owner.Schedule(this, dueTicks + _periodTicks) : 0;
        }

        public void Invoke() => _callback(_state);

        private static void ValidateSpan(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(
                    name,
                    value,
                    "A timer's due time and period must be zero or positive, or Timeout.InfiniteTimeSpan.");
            }
        }
    }
}

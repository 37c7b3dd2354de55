using System.Threading.Channels;
using ActorFrames.Actors;

namespace ActorFrames.TestKit;

/// <summary>
/// A reference that queues what it receives, for tests to assert on. Send with the probe as sender
/// (<see cref="Send"/>), reply to the last sender (<see cref="Reply"/>), watch actors (<see cref="Watch"/>).
/// </summary>
/// <remarks>
/// Nothing here sleeps. <see cref="ExpectMsgAsync{T}"/> and <see cref="FishForMessageAsync{T}"/> await the
/// probe's queue and return the moment a message arrives; their timeout is a bound on the real clock (so a
/// manual test clock cannot hang them) that only a failing test reaches. <see cref="ExpectNoMsgAsync"/> must
/// let time pass, and lets it pass on the actor system's <see cref="TimeProvider"/>: with the real clock it
/// is a bounded wait that fails as soon as a message arrives; with a <see cref="ManualTimeProvider"/> it
/// completes when the test advances the clock by the duration (start it, advance, then await it).
/// </remarks>
public sealed class TestProbe : IActorRef, IInternalActorRef
{
    private static int s_nextId;

    private readonly Channel<(object Message, IActorRef? Sender)> _queue =
        Channel.CreateUnbounded<(object Message, IActorRef? Sender)>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    private readonly HashSet<IActorRef> _watching = new(ReferenceEqualityComparer.Instance);
    private readonly ActorSystem _system;

    /// <summary>Creates a probe in <paramref name="system"/>.</summary>
    /// <param name="system">The actor system whose actors will talk to the probe.</param>
    /// <param name="name">A name for the probe's path, to tell probes apart in failure messages.</param>
    /// <param name="defaultTimeout">The real-time bound of expectations; 5 seconds when null.</param>
    public TestProbe(ActorSystem system, string name = "probe", TimeSpan? defaultTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _system = system;
        DefaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultTimeout, TimeSpan.Zero, nameof(defaultTimeout));
        Path = $"actorframes://{system.Name}/probes/{name}-{Interlocked.Increment(ref s_nextId)}";
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <summary>The real-time bound used when an expectation is given no timeout.</summary>
    public TimeSpan DefaultTimeout { get; }

    /// <summary>The sender of the last message an expectation returned, or null.</summary>
    public IActorRef? LastSender { get; private set; }

    /// <summary>The last message an expectation returned, or null.</summary>
    public object? LastMessage { get; private set; }

    /// <inheritdoc />
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        _queue.Writer.TryWrite((message, sender));
    }

    /// <inheritdoc />
    public ValueTask SendAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        Tell(message, sender);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public Task<T> AskAsync<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
        => PromiseActorRef.AskAsync<T>(this, _system, message, timeout, cancellationToken);

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> with this probe as the sender.</summary>
    /// <param name="target">The recipient.</param>
    /// <param name="message">The message.</param>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, this);
    }

    /// <summary>Tells <paramref name="message"/> to <see cref="LastSender"/>, with this probe as the sender.</summary>
    /// <param name="message">The reply.</param>
    /// <exception cref="InvalidOperationException">No message with a sender was received yet.</exception>
    public void Reply(object message)
    {
        var sender = LastSender ?? throw new InvalidOperationException($"Probe '{Path}' cannot reply: the last message it returned had no sender.");
        sender.Tell(message, this);
    }

    /// <summary>Watches <paramref name="actor"/>: the probe receives one <see cref="Terminated"/> when it stops.</summary>
    /// <param name="actor">An actor of the probe's system.</param>
    /// <returns><paramref name="actor"/>.</returns>
    public IActorRef Watch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        bool added;
        lock (_watching)
        {
            added = _watching.Add(actor);
        }

        if (added)
        {
            ((IInternalActorRef)actor).SendSystemMessage(new WatchActor(this));
        }

        return actor;
    }

    /// <summary>Stops watching <paramref name="actor"/>.</summary>
    /// <param name="actor">A watched actor.</param>
    public void Unwatch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        bool removed;
        lock (_watching)
        {
            removed = _watching.Remove(actor);
        }

        if (removed)
        {
            ((IInternalActorRef)actor).SendSystemMessage(new UnwatchActor(this));
        }
    }

    /// <summary>Takes the next message and checks that it is a <typeparamref name="T"/> that satisfies <paramref name="predicate"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="predicate">An extra condition, or null.</param>
    /// <param name="timeout">The real-time bound; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ExpectationFailedException">No message in time, or the wrong one.</exception>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        var (message, sender) = await ReceiveOneAsync(limit, $"a {typeof(T).Name}", cancellationToken).ConfigureAwait(false);
        if (message is not T typed)
        {
            throw new ExpectationFailedException($"Probe '{Path}' expected a {typeof(T).FullName} but received a {message.GetType().FullName}: {message}.");
        }

        if (predicate is not null && !predicate(typed))
        {
            throw new ExpectationFailedException($"Probe '{Path}' received a {typeof(T).Name} that does not satisfy the predicate: {message}.");
        }

        LastMessage = message;
        LastSender = sender;
        return typed;
    }

    /// <summary>Takes the next message and checks that it equals <paramref name="expected"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="expected">The expected value (compared with <see cref="EqualityComparer{T}.Default"/>).</param>
    /// <param name="timeout">The real-time bound; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message.</returns>
    public async Task<T> ExpectMsgEqualAsync<T>(T expected, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var received = await ExpectMsgAsync<T>(null, timeout, cancellationToken).ConfigureAwait(false);
        if (!EqualityComparer<T>.Default.Equals(received, expected))
        {
            throw new ExpectationFailedException($"Probe '{Path}' expected {expected} but received {received}.");
        }

        return received;
    }

    /// <summary>Expects the <see cref="Terminated"/> of a watched actor.</summary>
    /// <param name="actor">The watched actor.</param>
    /// <param name="timeout">The real-time bound; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message.</returns>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef actor, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => ExpectMsgAsync<Terminated>(t => ReferenceEquals(t.Actor, actor), timeout, cancellationToken);

    /// <summary>Takes the next <paramref name="count"/> messages, whatever they are.</summary>
    /// <param name="count">How many.</param>
    /// <param name="timeout">The real-time bound for all of them; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The messages in arrival order.</returns>
    public async Task<IReadOnlyList<object>> ReceiveMessagesAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var limit = timeout ?? DefaultTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        var messages = new List<object>(count);
        try
        {
            while (messages.Count < count)
            {
                var (message, sender) = await _queue.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
                messages.Add(message);
                LastMessage = message;
                LastSender = sender;
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExpectationFailedException($"Probe '{Path}' expected {count} messages within {limit} but received {messages.Count}.", ex);
        }

        return messages;
    }

    /// <summary>
    /// Skips messages until one is a <typeparamref name="T"/> satisfying <paramref name="isTarget"/>.
    /// </summary>
    /// <typeparam name="T">The type fished for.</typeparam>
    /// <param name="isTarget">The condition, or null for any <typeparamref name="T"/>.</param>
    /// <param name="timeout">The real-time bound for the whole search; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first matching message.</returns>
    public async Task<T> FishForMessageAsync<T>(Func<T, bool>? isTarget = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        int skipped = 0;
        try
        {
            while (true)
            {
                var (message, sender) = await _queue.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
                if (message is T typed && (isTarget is null || isTarget(typed)))
                {
                    LastMessage = message;
                    LastSender = sender;
                    return typed;
                }

                skipped++;
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExpectationFailedException($"Probe '{Path}' fished for a matching {typeof(T).Name} for {limit} and found none ({skipped} other messages skipped).", ex);
        }
    }

    /// <summary>
    /// Checks that no message arrives for <paramref name="duration"/> on the system's <see cref="TimeProvider"/>;
    /// fails as soon as one does. With a <see cref="ManualTimeProvider"/>, start the task, advance the clock by
    /// <paramref name="duration"/>, then await it; it also fails if the clock is not advanced within
    /// <see cref="DefaultTimeout"/> of real time.
    /// </summary>
    /// <param name="duration">How long nothing may arrive.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the duration has passed quietly.</returns>
    public async Task ExpectNoMsgAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var arrival = _queue.Reader.WaitToReadAsync(cts.Token).AsTask();
        var quiet = Task.Delay(duration, _system.TimeProvider, cts.Token);
        var guard = Task.Delay(duration + DefaultTimeout, TimeProvider.System, cts.Token);
        var first = await Task.WhenAny(arrival, quiet, guard).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == arrival && _queue.Reader.TryPeek(out var item))
        {
            throw new ExpectationFailedException($"Probe '{Path}' expected no message for {duration} but received a {item.Message.GetType().FullName}: {item.Message}.");
        }

        if (first == guard)
        {
            throw new ExpectationFailedException(
                $"Probe '{Path}' waited {duration} on the system clock ({_system.TimeProvider}) but it did not get there within {DefaultTimeout} of real time; advance a manual clock while ExpectNoMsgAsync is pending.");
        }
    }

    /// <summary>Runs <paramref name="action"/> and checks it took at most <paramref name="max"/> on the system's <see cref="TimeProvider"/>.</summary>
    /// <param name="max">The longest allowed duration.</param>
    /// <param name="action">The block, typically expectations.</param>
    /// <param name="cancellationToken">Unused by the check itself; pass it into the block.</param>
    /// <returns>A task that completes when the block did.</returns>
    public Task WithinAsync(TimeSpan max, Func<Task> action, CancellationToken cancellationToken = default)
        => WithinAsync(TimeSpan.Zero, max, action, cancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> and checks it took between <paramref name="min"/> and <paramref name="max"/>
    /// on the system's <see cref="TimeProvider"/>.
    /// </summary>
    /// <param name="min">The shortest allowed duration.</param>
    /// <param name="max">The longest allowed duration.</param>
    /// <param name="action">The block, typically expectations.</param>
    /// <param name="cancellationToken">Checked before the block runs.</param>
    /// <returns>A task that completes when the block did.</returns>
    public async Task WithinAsync(TimeSpan min, TimeSpan max, Func<Task> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        cancellationToken.ThrowIfCancellationRequested();
        var time = _system.TimeProvider;
        long start = time.GetTimestamp();
        await action().ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(start);
        if (elapsed < min || elapsed > max)
        {
            throw new ExpectationFailedException($"Probe '{Path}' expected the block to take between {min} and {max} but it took {elapsed}.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Path;

    void IInternalActorRef.SendSystemMessage(SystemMessage message)
    {
        if (message is DeathWatchNotification notification)
        {
            bool watched;
            lock (_watching)
            {
                watched = _watching.Remove(notification.Actor);
            }

            if (watched)
            {
                Tell(new Terminated(notification.Actor), notification.Actor);
            }
        }
    }

    private async Task<(object Message, IActorRef? Sender)> ReceiveOneAsync(TimeSpan limit, string expected, CancellationToken cancellationToken)
    {
        if (_queue.Reader.TryRead(out var ready))
        {
            return ready;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        try
        {
            return await _queue.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExpectationFailedException($"Probe '{Path}' expected {expected} within {limit} but received nothing.", ex);
        }
    }
}

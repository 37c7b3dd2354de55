using System.Diagnostics.CodeAnalysis;
using System.Text;
using ActorFrames.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Actors;

/// <summary>
/// A named home for actors: spawns top-level actors under its user guardian, owns the scheduler and the
/// dead-letter office, and shuts down gracefully (children stop before their parents). Dispose it with
/// <c>await using</c>.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _actorCount;
    private int _shutdownStarted;

    private ActorSystem(string name, ActorSystemOptions options)
    {
        Name = name;
        Options = options;
        TimeProvider = options.TimeProvider;
        Logger = options.LoggerFactory.CreateLogger("ActorFrames.Actors");
        DeadLetters = new DeadLetterOffice(this);
        Scheduler = new ActorScheduler(TimeProvider, DeadLetters, tracksHandles: false);
        var guardianProps = Props.Create(static () => new GuardianActor()).WithSupervisorStrategy(options.DefaultSupervisorStrategy);
        _guardian = new ActorCell(this, guardianProps, parent: null, name: "user");
        _guardian.Start();
        ActorLog.SystemStarted(Logger, name);
    }

    /// <summary>The system's name, the authority of its actors' paths.</summary>
    public string Name { get; }

    /// <summary>The clock of the scheduler, restart backoff and Ask timeouts.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Schedules messages; unlike an actor's own scheduler, nothing is canceled automatically.</summary>
    public ActorScheduler Scheduler { get; }

    /// <summary>Counts, logs and publishes messages that reached no actor.</summary>
    public DeadLetterOffice DeadLetters { get; }

    /// <summary>How many actors (top-level and below, routers and routees included) have not finished stopping.</summary>
    public int ActorCount => Volatile.Read(ref _actorCount);

    /// <summary>Completes when the system has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal ActorSystemOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>Creates a system.</summary>
    /// <param name="name">Letters, digits, '-', '_' or '.'.</param>
    /// <param name="options">Settings; defaults when null. The object is read now and must not change later.</param>
    /// <returns>The running system.</returns>
    public static ActorSystem Create(string name, ActorSystemOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.')
            {
                throw new ArgumentException($"Actor system name '{name}' is invalid: use only letters, digits, '-', '_' and '.'.", nameof(name));
            }
        }

        options ??= new ActorSystemOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");
        ArgumentNullException.ThrowIfNull(options.LoggerFactory, "options.LoggerFactory");
        ArgumentNullException.ThrowIfNull(options.DefaultSupervisorStrategy, "options.DefaultSupervisorStrategy");
        if (options.DefaultThroughput < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DefaultThroughput, "ActorSystemOptions.DefaultThroughput must be at least 1.");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero && options.ShutdownTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ShutdownTimeout, "ActorSystemOptions.ShutdownTimeout must be positive.");
        }

        return new ActorSystem(name, options);
    }

    /// <summary>Spawns a top-level actor.</summary>
    /// <param name="props">How to create it.</param>
    /// <param name="name">A unique top-level name (no '/', not starting with '$'); null for a generated one.</param>
    /// <returns>Its reference.</returns>
    /// <exception cref="ArgumentException">The name is invalid or taken.</exception>
    /// <exception cref="InvalidOperationException">The system is shutting down.</exception>
    public IActorRef Spawn(Props props, string? name = null) => _guardian.Spawn(props, name);

    /// <summary>Stops <paramref name="actor"/> after its current message; its children stop first.</summary>
    /// <param name="actor">A reference from this system.</param>
    [SuppressMessage("Performance", "CA1822", Justification = "Part of the system's API surface, next to Spawn.")]
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is not IInternalActorRef target)
        {
            throw new ArgumentException($"'{actor.Path}' is not a reference created by an ActorFrames actor system.", nameof(actor));
        }

        target.SendSystemMessage(new StopActor());
    }

    /// <summary>Reads the queue length and drop counters of <paramref name="actor"/>'s mailbox.</summary>
    /// <param name="actor">A local actor of this system (not a router, probe or dead-letter office).</param>
    /// <returns>The statistics.</returns>
    [SuppressMessage("Performance", "CA1822", Justification = "Part of the system's API surface.")]
    public MailboxStatistics GetMailboxStatistics(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor is LocalActorRef local
            ? local.Cell.Mailbox.Statistics
            : throw new ArgumentException($"'{actor.Path}' has no mailbox of its own (it is a {actor.GetType().Name}).", nameof(actor));
    }

    /// <summary>
    /// Stops every actor, children before parents, and waits until they have stopped, at most
    /// <see cref="ActorSystemOptions.ShutdownTimeout"/> (on the real clock). Calling it again waits again.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the shutdown goes on).</param>
    /// <returns>A task that completes when every actor has stopped.</returns>
    /// <exception cref="TimeoutException">Some actors did not stop in time; the message names them.</exception>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _shutdownStarted, 1) == 0)
        {
            _guardian.SendSystemMessage(new StopActor());
        }

        var timeout = Options.ShutdownTimeout;
        try
        {
            await _terminated.Task.WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"Actor system '{Name}' did not stop within {timeout}: {ActorCount} actor(s) still running, such as {DescribeLiveActors()}.", ex);
        }
    }

    /// <summary>Shuts the system down (see <see cref="ShutdownAsync"/>).</summary>
    /// <returns>A task that completes when every actor has stopped.</returns>
    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public override string ToString() => $"ActorSystem({Name})";

    internal bool IsShuttingDown => Volatile.Read(ref _shutdownStarted) != 0;

    internal void ThrowIfShuttingDown()
    {
        if (Volatile.Read(ref _shutdownStarted) != 0)
        {
            throw new InvalidOperationException($"Actor system '{Name}' is shutting down; it cannot spawn top-level actors.");
        }
    }

    internal void OnActorCreated()
    {
        Interlocked.Increment(ref _actorCount);
        ActorFramesMetrics.ActorsStarted.Add(1);
    }

    internal void OnActorStopped(ActorCell cell)
    {
        if (cell.IsGuardian)
        {
            ActorLog.SystemStopped(Logger, Name);
            _terminated.TrySetResult();
            return;
        }

        Interlocked.Decrement(ref _actorCount);
        ActorFramesMetrics.ActorsStopped.Add(1);
    }

    private string DescribeLiveActors()
    {
        var text = new StringBuilder();
        var pending = new Stack<ActorCell>(_guardian.ChildrenSnapshot());
        int shown = 0;
        while (pending.TryPop(out var cell) && shown < 5)
        {
            var children = cell.ChildrenSnapshot();
            if (children.Length == 0)
            {
                text.Append(shown == 0 ? string.Empty : ", ").Append(cell.Path);
                shown++;
            }

            foreach (var child in children)
            {
                pending.Push(child);
            }
        }

        return shown == 0 ? "(none found)" : text.ToString();
    }
}

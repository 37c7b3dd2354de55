using System.Collections.Immutable;

namespace ActorFrames.Actors.Routing;

/// <summary>
/// The reference of a pool router. User messages are routed on the caller's thread to a routee from an
/// immutable snapshot; management messages go to the router's own mailbox.
/// </summary>
internal sealed class RouterActorRef : IInternalActorRef
{
    private readonly ActorCell _cell;
    private readonly RouterConfig _config;
    private Snapshot _snapshot = new([], null);
    private long _counter;

    public RouterActorRef(ActorCell cell, RouterConfig config)
    {
        _cell = cell;
        _config = config;
    }

    public string Path => _cell.Path;

    public ImmutableArray<IActorRef> Routees => ImmutableArray.Create(Volatile.Read(ref _snapshot).Routees);

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsForRouter(message))
        {
            _cell.Mailbox.Post(message, sender);
            return;
        }

        var routees = Volatile.Read(ref _snapshot).Routees;
        if (_config.Kind == RouterConfig.RoutingKind.Broadcast && routees.Length > 0)
        {
            foreach (var routee in routees)
            {
                routee.Tell(message, sender);
            }

            return;
        }

        var target = Select(message);
        if (target is null)
        {
            _cell.System.DeadLetters.Publish(message, sender, this, DeadLetterReason.NoRecipient);
            return;
        }

        target.Tell(message, sender);
    }

    public ValueTask SendAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsForRouter(message))
        {
            return _cell.Mailbox.PostAsync(message, sender, cancellationToken);
        }

        var routees = Volatile.Read(ref _snapshot).Routees;
        if (_config.Kind == RouterConfig.RoutingKind.Broadcast && routees.Length > 0)
        {
            return BroadcastAsync(routees, message, sender, cancellationToken);
        }

        var target = Select(message);
        if (target is null)
        {
            _cell.System.DeadLetters.Publish(message, sender, this, DeadLetterReason.NoRecipient);
            return ValueTask.CompletedTask;
        }

        return target.SendAsync(message, sender, cancellationToken);

        static async ValueTask BroadcastAsync(IActorRef[] routees, object message, IActorRef? sender, CancellationToken cancellationToken)
        {
            foreach (var routee in routees)
            {
                await routee.SendAsync(message, sender, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<T> AskAsync<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
        => PromiseActorRef.AskAsync<T>(this, _cell.System, message, timeout, cancellationToken);

    public void SendSystemMessage(SystemMessage message) => _cell.SendSystemMessage(message);

    public override string ToString() => Path;

    /// <summary>Spawns the first routees on the spawner's thread, so the router routes from its first message.</summary>
    internal void SpawnInitialRoutees(Props routeeProps)
    {
        var routees = new IActorRef[_config.NrOfInstances];
        for (int i = 0; i < routees.Length; i++)
        {
            routees[i] = _cell.Spawn(routeeProps);
        }

        Publish(routees);
    }

    /// <summary>Replaces the routee snapshot (on the router's turn).</summary>
    internal void Publish(IActorRef[] routees)
    {
        var ring = _config.Kind == RouterConfig.RoutingKind.ConsistentHash && routees.Length > 0
            ? new ConsistentHashRing(routees, _config.VirtualNodesFactor)
            : null;
        Volatile.Write(ref _snapshot, new Snapshot(routees, ring));
    }

    internal IActorRef[] CurrentRoutees() => Volatile.Read(ref _snapshot).Routees;

    private static bool IsForRouter(object message)
        => message is Resize || message is RouteesRequest || ReferenceEquals(message, PoisonPill.Instance);

    private IActorRef? Select(object message)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var routees = snapshot.Routees;
        int count = routees.Length;
        if (count == 0)
        {
            return null;
        }

        switch (_config.Kind)
        {
            case RouterConfig.RoutingKind.RoundRobin:
                return routees[(int)((ulong)(Interlocked.Increment(ref _counter) - 1) % (ulong)count)];
            case RouterConfig.RoutingKind.Random:
                ulong draw = Mix((ulong)(uint)_config.Seed ^ ((ulong)Interlocked.Increment(ref _counter) * 0x9E3779B97F4A7C15UL));
                return routees[(int)(draw % (ulong)count)];
            case RouterConfig.RoutingKind.SmallestMailbox:
                return SelectSmallest(routees);
            default:
                object? key = _config.KeyExtractor?.Invoke(message) ?? (message as IConsistentHashable)?.ConsistentHashKey;
                return key is null ? null : routees[snapshot.Ring!.Lookup(key)];
        }
    }

    private static IActorRef SelectSmallest(IActorRef[] routees)
    {
        IActorRef best = routees[0];
        int bestLoad = int.MaxValue;
        foreach (var routee in routees)
        {
            // An actor inside a long asynchronous handler is the worst choice, whatever its queue says.
            int load = routee is LocalActorRef local
                ? local.Cell.Mailbox.Load + (local.Cell.IsAwaiting ? 1 << 20 : 0)
                : int.MaxValue - 1;
            if (load < bestLoad)
            {
                best = routee;
                bestLoad = load;
                if (load == 0)
                {
                    break;
                }
            }
        }

        return best;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private sealed record Snapshot(IActorRef[] Routees, ConsistentHashRing? Ring);
}

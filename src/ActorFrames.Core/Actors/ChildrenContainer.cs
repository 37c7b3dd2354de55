namespace ActorFrames.Actors;

/// <summary>
/// The children of one actor by name. Locked, because top-level actors are spawned from any thread and a
/// router spawns its first routees on the spawner's thread. A name stays taken until its child has stopped.
/// </summary>
internal sealed class ChildrenContainer
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ChildRecord> _byName = new(StringComparer.Ordinal);
    private int _nextId;
    private bool _sealed;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byName.Count;
            }
        }
    }

    /// <summary>Checks a user-chosen child name.</summary>
    public static string ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal) || name[0] == '$')
        {
            throw new ArgumentException(
                $"Actor name '{name}' is invalid: a name must be non-empty, contain no '/' and not start with '$' (reserved for generated names).",
                nameof(name));
        }

        return name;
    }

    /// <summary>A generated name: '$' and a per-parent counter in hexadecimal.</summary>
    public string NextName()
    {
        uint id = (uint)Interlocked.Increment(ref _nextId);
        return "$" + id.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Adds <paramref name="child"/>; false when a live sibling already has its name.</summary>
    /// <exception cref="InvalidOperationException">The parent has stopped (the container is sealed).</exception>
    public bool TryAdd(ActorCell child, string parentPath)
    {
        lock (_lock)
        {
            if (_sealed)
            {
                throw new InvalidOperationException($"Actor '{parentPath}' has stopped and cannot spawn children.");
            }

            return _byName.TryAdd(child.Name, new ChildRecord(child));
        }
    }

    /// <summary>Refuses further children if there are none now; false when some exist (the parent must wait for them).</summary>
    public bool TrySeal()
    {
        lock (_lock)
        {
            _sealed = _byName.Count == 0;
            return _sealed;
        }
    }

    public bool Remove(ActorCell child)
    {
        lock (_lock)
        {
            return _byName.TryGetValue(child.Name, out var record) && record.Cell == child && _byName.Remove(child.Name);
        }
    }

    public ChildRecord? Find(ActorCell child)
    {
        lock (_lock)
        {
            return _byName.TryGetValue(child.Name, out var record) && record.Cell == child ? record : null;
        }
    }

    public ActorCell? Find(string name)
    {
        lock (_lock)
        {
            return _byName.TryGetValue(name, out var record) ? record.Cell : null;
        }
    }

    public ActorCell[] Snapshot()
    {
        lock (_lock)
        {
            var cells = new ActorCell[_byName.Count];
            int i = 0;
            foreach (var record in _byName.Values)
            {
                cells[i++] = record.Cell;
            }

            return cells;
        }
    }
}

using System.Buffers;
using System.Runtime.CompilerServices;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>
/// The origin's bounded spool: every accepted chunk stays here until the broker confirmed it (or, when its body is gone,
/// it is discarded and reported). Chunks wait in memory
/// (up to the memory capacity) and beyond that, when a directory is configured, on disk; publishes that fail go back
/// to the front in their original order, so nothing accepted is lost while the broker is unreachable.
/// </summary>
/// <remarks>
/// One lock guards the state; it is held only for list and counter updates, and for a file write or read (and the
/// release of the chunk whose body was written) when chunks overflow to disk, which happens only while the broker is
/// away.
/// </remarks>
internal sealed class OutboundSpool : IDisposable
{
    private const int MaxPooledEntries = 1024;
    private const int MaxPooledBody = 4 * 1024 * 1024;
    private readonly Lock _gate = new();
    private readonly LinkedList<SpoolEntry> _pending = new();
    private readonly Stack<SpoolEntry> _pool = new();
    private readonly int _memoryCapacity;
    private readonly int _capacity;
    private readonly int _resumeRoom;
    private readonly SpoolDirectory? _directory;
    private readonly ArrayPool<byte> _buffers;
    private TaskCompletionSource? _roomSignal;
    private readonly AsyncSignal _pendingSignal = new();
    private int _published;
    private int _held; // _pending.Count + _published, kept for lock-free reads
    private int _inMemory;
    private int _onDisk;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="OutboundSpool"/> class.</summary>
    /// <param name="memoryCapacity">The most chunks held in memory.</param>
    /// <param name="directory">Where chunks beyond that wait, or <see langword="null"/>.</param>
    /// <param name="directoryCapacity">The most chunks that wait in <paramref name="directory"/>.</param>
    /// <param name="name">A name unique to this spool (prefixes its files).</param>
    public OutboundSpool(int memoryCapacity, string? directory, int directoryCapacity, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(directoryCapacity);
        _memoryCapacity = memoryCapacity;
        _directory = directoryCapacity > 0 && directory is not null ? new SpoolDirectory(directory, name) : null;
        _capacity = memoryCapacity + (_directory is null ? 0 : directoryCapacity);

        // A producer that found the spool full resumes once an eighth of it (at most 32 places) is free again, not at
        // every confirm: it then adds a burst of chunks per wake-up instead of one (a resume threshold, as a Pipe has).
        _resumeRoom = Math.Clamp(_capacity / 8, 1, 32);

        // Bodies are copies only while the broker is away, or after a trip to disk. The shared pool keeps only a few
        // arrays per size, far fewer than such a spool holds; a pool of our own keeps them for reuse.
        _buffers = ArrayPool<byte>.Create(MaxPooledBody, Math.Max(16, Math.Min(memoryCapacity, 1024)));
    }

    /// <summary>Gets the number of chunks held (waiting plus published and not yet confirmed), without taking the lock.</summary>
    public int Count => Volatile.Read(ref _held);

    /// <summary>Gets the number of chunks waiting to be published.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Gets the number of chunks whose bodies wait on disk.</summary>
    public int OnDiskCount
    {
        get
        {
            lock (_gate)
            {
                return _onDisk;
            }
        }
    }

    /// <summary>Gets the total capacity (memory plus directory).</summary>
    public int Capacity => _capacity;

    /// <summary>Gets an entry with a body buffer of <paramref name="length"/> bytes to fill.</summary>
    /// <param name="length">The body length.</param>
    /// <returns>An entry owned by the caller until <see cref="TryAdd"/> or <see cref="Recycle"/>.</returns>
    public SpoolEntry Rent(int length)
    {
        var entry = RentEmpty(length);
        entry.Body = _buffers.Rent(Math.Max(length, 1));
        return entry;
    }

    /// <summary>Gets an entry whose body of <paramref name="length"/> bytes the caller puts in its <see cref="SpoolEntry.Held"/>.</summary>
    /// <param name="length">The body length.</param>
    /// <returns>An entry owned by the caller until <see cref="TryAdd"/> or <see cref="Recycle"/>.</returns>
    public SpoolEntry RentEmpty(int length)
    {
        SpoolEntry? entry = null;
        lock (_gate)
        {
            _pool.TryPop(out entry);
        }

        entry ??= new SpoolEntry();
        entry.Length = length;
        return entry;
    }

    /// <summary>Returns an entry that was never added (or was dropped or confirmed) and its body to their pools.</summary>
    /// <param name="entry">The entry.</param>
    public void Recycle(SpoolEntry entry)
    {
        ReleaseBody(entry);
        entry.Unreadable = null;
        lock (_gate)
        {
            if (_pool.Count < MaxPooledEntries)
            {
                _pool.Push(entry);
            }
        }
    }

    /// <summary>Adds a filled entry at the back when there is room.</summary>
    /// <param name="entry">The entry, with its body in memory.</param>
    /// <returns><see langword="false"/> when the spool is full.</returns>
    public bool TryAdd(SpoolEntry entry)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_held >= _capacity)
            {
                return false;
            }

            if (_inMemory >= _memoryCapacity && _directory is not null)
            {
                SpillToDisk(entry);
            }
            else
            {
                _inMemory++;
            }

            _pending.AddLast(entry.Node);
            _held++;
            _pendingSignal.Set();
            return true;
        }
    }

    /// <summary>Takes the oldest waiting entry for publishing, loading its body from disk if needed.</summary>
    /// <param name="entry">The entry, now owned by one publish until <see cref="Confirm"/> or <see cref="Return"/>.</param>
    /// <returns><see langword="false"/> when nothing waits.</returns>
    public bool TryTake(out SpoolEntry entry)
    {
        lock (_gate)
        {
            var first = _pending.First;
            if (first is null)
            {
                entry = null!;
                return false;
            }

            entry = first.Value;
            _pending.RemoveFirst();
            _published++;
            if (entry.FilePath is not null)
            {
                try
                {
                    LoadFromDisk(entry);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The publisher reports the chunk as failed and lets it go (Discard) instead of retrying it for ever.
                    entry.Unreadable = new IOException($"The spooled body of chunk {entry.Id} could not be read back from '{entry.FilePath}'.", ex);
                }
            }

            return true;
        }
    }

    /// <summary>Takes the first waiting entry, waiting for one to arrive; only the publishing loop calls this.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The entry, now counted as published.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SpoolEntry> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTake(out var entry))
            {
                return entry;
            }

            cancellationToken.ThrowIfCancellationRequested();
            using (cancellationToken.UnsafeRegister(static signal => ((AsyncSignal)signal!).Set(), _pendingSignal))
            {
                // An entry added since TryTake has set the signal, so this wait returns at once.
                await _pendingSignal.WaitAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The broker confirmed a published entry: its chunk has left the origin's hands.</summary>
    /// <param name="entry">The entry.</param>
    public void Confirm(SpoolEntry entry) => Remove(entry);

    /// <summary>Lets a taken entry go that can never be published (<see cref="SpoolEntry.WhyUnpublishable"/>).</summary>
    /// <param name="entry">The entry, taken and not published.</param>
    public void Discard(SpoolEntry entry) => Remove(entry);

    /// <summary>A publish failed: the entry goes back among the waiting ones, in id order, to be published again.</summary>
    /// <param name="entry">The entry.</param>
    public void Return(SpoolEntry entry)
    {
        lock (_gate)
        {
            _published--;
            var node = _pending.First;
            while (node is not null && node.Value.Id < entry.Id)
            {
                node = node.Next;
            }

            if (node is null)
            {
                _pending.AddLast(entry.Node);
            }
            else
            {
                _pending.AddBefore(node, entry.Node);
            }

            _pendingSignal.Set();
        }
    }

    /// <summary>Drops the oldest entry that has not reached the broker (drop-oldest overflow).</summary>
    /// <param name="id">The dropped chunk's id.</param>
    /// <returns><see langword="false"/> when nothing waits.</returns>
    public bool TryDropOldest(out long id)
    {
        SpoolEntry entry;
        lock (_gate)
        {
            var first = _pending.First;
            if (first is null)
            {
                id = 0;
                return false;
            }

            entry = first.Value;
            _pending.RemoveFirst();
            _held--;
            if (entry.FilePath is null)
            {
                _inMemory--;
            }

            PulseLocked(ref _roomSignal);
        }

        id = entry.Id;
        Recycle(entry);
        return true;
    }

    /// <summary>Waits until an entry fits: at once when there is room, otherwise until a burst of entries left the full spool.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when there is room (another caller may take it first), or the spool was disposed.</returns>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_held < _capacity)
            {
                return Task.CompletedTask;
            }

            signal = (_roomSignal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    /// <summary>Deletes the files of chunks still waiting on disk and returns every buffer.</summary>
    public void Dispose()
    {
        List<SpoolEntry> left;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            left = [.. _pending];
            _pending.Clear();
            _held = _published;

            // A producer waiting for room wakes and finds the spool disposed.
            PulseLocked(ref _roomSignal);
        }

        foreach (var entry in left)
        {
            ReleaseBody(entry);
        }
    }

    /// <summary>Lets a taken entry go for good and frees its room.</summary>
    private void Remove(SpoolEntry entry)
    {
        lock (_gate)
        {
            _published--;
            _held--;
            if (entry.FilePath is null)
            {
                _inMemory--;
            }

            if (_capacity - _held >= _resumeRoom)
            {
                PulseLocked(ref _roomSignal);
            }
        }

        Recycle(entry);
    }

    private static void PulseLocked(ref TaskCompletionSource? signal)
    {
        if (signal is { } pending)
        {
            signal = null;
            pending.TrySetResult();
        }
    }

    private void ReleaseBody(SpoolEntry entry)
    {
        ReleaseMemory(entry);

        if (entry.FilePath is { } path)
        {
            SpoolDirectory.TryDelete(path);
            entry.FilePath = null;
            lock (_gate)
            {
                _onDisk--;
            }
        }
    }

    /// <summary>Returns the body's pooled array, or releases the chunk it still is.</summary>
    private void ReleaseMemory(SpoolEntry entry)
    {
        if (entry.Body is { } body)
        {
            _buffers.Return(body);
            entry.Body = null;
        }

        entry.Held?.Release();
    }

    private void SpillToDisk(SpoolEntry entry)
    {
        // A failed write leaves no file behind; the chunk is refused and stays its caller's.
        var path = _directory!.Write(entry.Id, entry.Memory.Span);
        ReleaseMemory(entry);
        entry.FilePath = path;
        _onDisk++;
    }

    private void LoadFromDisk(SpoolEntry entry)
    {
        var body = _buffers.Rent(Math.Max(entry.Length, 1));
        try
        {
            SpoolDirectory.ReadAndDelete(entry.FilePath!, body, entry.Length);
        }
        catch
        {
            _buffers.Return(body);
            throw;
        }

        entry.Body = body;
        entry.FilePath = null;
        _onDisk--;
        _inMemory++;
    }
}

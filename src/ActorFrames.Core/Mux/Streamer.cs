using System.Collections;
using System.Collections.Immutable;

namespace ActorFrames.Mux;

/// <summary>
/// A restartable stream: wraps a factory of sequences so that every iteration starts the source afresh.
/// Muxes, re-batchers and the <see cref="WithMaxItems"/> / <see cref="Cycle"/> views are streamers too,
/// so they nest.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// Each call of <see cref="GetAsyncEnumerator"/> (or of <see cref="Iterate"/>'s enumerator) calls the
/// factory once and owns the sequence it returns, so concurrent iterations of one streamer are
/// independent. A streamer built over a synchronous factory can also be iterated without
/// <see cref="IAsyncEnumerable{T}"/> (<see cref="Iterate"/>), which is the allocation-free fast path the
/// muxes use when every stream they hold is synchronous.
/// </remarks>
public class Streamer<T> : IAsyncEnumerable<T>
{
    private readonly Func<IAsyncEnumerable<T>>? _asyncFactory;
    private readonly Func<IEnumerable<T>>? _syncFactory;

    /// <summary>Initializes a streamer over an asynchronous source.</summary>
    /// <param name="factory">Called once per iteration; returns the sequence that iteration reads.</param>
    public Streamer(Func<IAsyncEnumerable<T>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _asyncFactory = factory;
    }

    /// <summary>Initializes a streamer over a synchronous source (which also enables <see cref="Iterate"/>).</summary>
    /// <param name="factory">Called once per iteration; returns the sequence that iteration reads.</param>
    public Streamer(Func<IEnumerable<T>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _syncFactory = factory;
    }

    private protected Streamer()
    {
    }

    /// <summary>
    /// Gets a value indicating whether this streamer can be iterated synchronously through <see cref="Iterate"/>
    /// (its source, and every stream it multiplexes, came from a synchronous factory).
    /// </summary>
    public virtual bool IsSynchronous => _syncFactory is not null;

    /// <summary>Starts a fresh iteration of the source.</summary>
    /// <param name="cancellationToken">Cancels the iteration.</param>
    /// <returns>An enumerator that owns the new iteration; dispose it to release the source.</returns>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) => OpenAsync(cancellationToken);

    /// <summary>Gets a synchronous view: every enumeration of it starts a fresh iteration of the source.</summary>
    /// <returns>The synchronous view.</returns>
    /// <exception cref="InvalidOperationException">The source (or one of the multiplexed streams) is asynchronous.</exception>
    public IEnumerable<T> Iterate()
    {
        if (!IsSynchronous)
        {
            throw new InvalidOperationException(
                $"{GetType().Name} cannot be iterated synchronously: its source (or one of its streams) is asynchronous. Use await foreach instead.");
        }

        return new SynchronousView(this);
    }

    /// <summary>Gets a streamer that yields at most <paramref name="maxItems"/> items per iteration.</summary>
    /// <param name="maxItems">The maximum number of items per iteration; zero yields nothing.</param>
    /// <returns>The bounded streamer (a view: the source is untouched).</returns>
    public Streamer<T> WithMaxItems(long maxItems)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxItems);
        return new BoundedStreamer<T>(this, maxItems, cycle: false);
    }

    /// <summary>
    /// Gets a streamer that restarts the source whenever it is exhausted. An iteration of the source that yields
    /// nothing ends the cycle, so a cycled empty source terminates instead of spinning.
    /// </summary>
    /// <returns>The cycling streamer (a view: the source is untouched).</returns>
    public Streamer<T> Cycle() => new BoundedStreamer<T>(this, long.MaxValue, cycle: true);

    /// <summary>Opens a fresh asynchronous iteration.</summary>
    /// <param name="cancellationToken">Cancels the iteration.</param>
    /// <returns>The enumerator owning the iteration.</returns>
    internal virtual IAsyncEnumerator<T> OpenAsync(CancellationToken cancellationToken)
    {
        if (_asyncFactory is not null)
        {
            IAsyncEnumerable<T> sequence = _asyncFactory() ?? throw FactoryReturnedNull();
            return sequence.GetAsyncEnumerator(cancellationToken);
        }

        return new SynchronousAsyncEnumerator<T>(OpenSync(), cancellationToken);
    }

    /// <summary>Opens a fresh synchronous iteration; only valid when <see cref="IsSynchronous"/> is true.</summary>
    /// <returns>The enumerator owning the iteration.</returns>
    internal virtual IEnumerator<T> OpenSync()
    {
        if (_syncFactory is null)
        {
            throw new InvalidOperationException("The streamer's source is asynchronous and cannot be iterated synchronously.");
        }

        IEnumerable<T> sequence = _syncFactory() ?? throw FactoryReturnedNull();
        return sequence.GetEnumerator();
    }

    /// <summary>Copies a collection of streams, rejecting a null or empty collection and null entries.</summary>
    /// <param name="streams">The streams a mux was given.</param>
    /// <param name="paramName">The name of the caller's parameter, for the exception.</param>
    /// <returns>The streams.</returns>
    private protected static ImmutableArray<Streamer<T>> CaptureStreams(IEnumerable<Streamer<T>> streams, string paramName)
    {
        ArgumentNullException.ThrowIfNull(streams, paramName);
        ImmutableArray<Streamer<T>> captured = [.. streams];
        if (captured.IsEmpty)
        {
            throw new ArgumentException("The stream collection is empty; a mux needs at least one stream.", paramName);
        }

        for (int i = 0; i < captured.Length; i++)
        {
            if (captured[i] is null)
            {
                throw new ArgumentException($"Stream {i} is null; every stream must be a Streamer.", paramName);
            }
        }

        return captured;
    }

    /// <summary>Tells whether every stream can be iterated synchronously.</summary>
    /// <param name="streams">The streams.</param>
    /// <returns>True when all of them are synchronous.</returns>
    private protected static bool AllSynchronous(ImmutableArray<Streamer<T>> streams)
    {
        foreach (Streamer<T> stream in streams)
        {
            if (!stream.IsSynchronous)
            {
                return false;
            }
        }

        return true;
    }

    private static InvalidOperationException FactoryReturnedNull() =>
        new("The streamer's factory returned null; it must return a sequence (an empty one for no items).");

    private sealed class SynchronousView : IEnumerable<T>
    {
        private readonly Streamer<T> _owner;

        public SynchronousView(Streamer<T> owner) => _owner = owner;

        public IEnumerator<T> GetEnumerator() => _owner.OpenSync();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

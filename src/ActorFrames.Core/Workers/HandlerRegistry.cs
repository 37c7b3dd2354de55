using System.Collections.Concurrent;

namespace ActorFrames.Workers;

/// <summary>
/// The handlers a process can run, by name. The origin, every child process and every worker node build
/// the same registry from the same code; chunks and configuration only ever name a handler.
/// </summary>
public sealed class HandlerRegistry
{
    private readonly ConcurrentDictionary<string, HandlerRegistration> _handlers = new(StringComparer.Ordinal);

    /// <summary>Gets the registered names.</summary>
    public ICollection<string> Names => _handlers.Keys;

    /// <summary>Registers a handler under <paramref name="name"/>.</summary>
    /// <typeparam name="T">The element type of its chunks.</typeparam>
    /// <typeparam name="TResult">Its result type.</typeparam>
    /// <param name="name">The name chunks and configuration refer to it by.</param>
    /// <param name="factory">Creates one handler instance per worker.</param>
    /// <param name="codec">Encodes its results across process and machine boundaries.</param>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="ArgumentException">A handler is already registered under <paramref name="name"/>.</exception>
    public HandlerRegistry Add<T, TResult>(string name, Func<IChunkHandler<T, TResult>> factory, IResultCodec<TResult> codec)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(codec);
        if (!_handlers.TryAdd(name, new HandlerRegistration<T, TResult>(name, factory, codec)))
        {
            throw new ArgumentException($"A handler named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>Whether a handler is registered under <paramref name="name"/>.</summary>
    /// <param name="name">The handler name.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    public bool Contains(string name) => _handlers.ContainsKey(name);

    /// <summary>Gets the registration under <paramref name="name"/>.</summary>
    /// <param name="name">The handler name.</param>
    /// <returns>The registration.</returns>
    /// <exception cref="KeyNotFoundException">No handler has that name; the message lists those that do.</exception>
    internal HandlerRegistration Get(string name)
        => _handlers.TryGetValue(name, out var registration)
            ? registration
            : throw new KeyNotFoundException($"No handler is registered under '{name}'. Registered: {string.Join(", ", _handlers.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>Gets the typed registration under <paramref name="name"/>, checking its element and result types.</summary>
    /// <typeparam name="T">The expected element type.</typeparam>
    /// <typeparam name="TResult">The expected result type.</typeparam>
    /// <param name="name">The handler name.</param>
    /// <returns>The registration.</returns>
    internal HandlerRegistration<T, TResult> Get<T, TResult>(string name)
        where T : unmanaged
    {
        var registration = Get(name);
        return registration as HandlerRegistration<T, TResult>
            ?? throw new InvalidOperationException($"Handler '{name}' takes {registration.ElementType} chunks and returns {registration.ResultType.Name}, not {typeof(T).Name} chunks returning {typeof(TResult).Name}.");
    }
}

namespace ActorFrames.Workers;

/// <summary>
/// Where a consumer's handler runs: <see cref="Inline"/>, a local <see cref="Pool"/>, child
/// processes, or (with ActorFrames.RabbitMq) worker nodes of a cluster. Switching modes
/// changes no handler code and no pipeline code.
/// </summary>
public abstract class WorkerMode
{
    private protected WorkerMode()
    {
    }

    /// <summary>Gets the mode that runs the handler in the consumer's own actor, one chunk at a time.</summary>
    public static WorkerMode Inline { get; } = new InlineWorkerMode();

    /// <summary>Gets the number of handler instances working at once.</summary>
    public abstract int Workers { get; }

    /// <summary>Gets a short description for displays ("pool(4)").</summary>
    public abstract string Name { get; }

    /// <summary>Creates a mode that runs <paramref name="workers"/> handler instances as local worker actors behind a router.</summary>
    /// <param name="workers">The pool size, 1 or more.</param>
    /// <returns>The mode.</returns>
    public static WorkerMode Pool(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        return new PoolWorkerMode(workers);
    }

    /// <summary>
    /// Creates a mode that runs the handler in <paramref name="workers"/> child processes of the
    /// <c>actorframes</c> executable (or <see cref="Processes.ProcessWorkerOptions.Executable"/>): chunks pass
    /// through pipes as raw elements, a child that dies is replaced and its chunk retried.
    /// </summary>
    /// <param name="workers">The number of children, 1 or more.</param>
    /// <param name="options">How children start and how often a chunk is retried; <see langword="null"/> for the defaults.</param>
    /// <returns>The mode.</returns>
    public static WorkerMode Process(int workers, Processes.ProcessWorkerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        options ??= new Processes.ProcessWorkerOptions();
        options.Validate();
        return new Processes.ProcessWorkerMode(workers, options);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Builds the consumer's dispatcher.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="context">The consumer, handler, result sink and limits.</param>
    /// <returns>The dispatcher.</returns>
    internal abstract IChunkDispatcher<T> CreateDispatcher<T, TResult>(DispatcherContext<TResult> context)
        where T : unmanaged;
}

namespace ActorFrames.RabbitMq.Node;

/// <summary>One pool a worker node hosts: the consumer whose queue it serves and the handler it runs (<c>Node:Pools:n</c>).</summary>
public sealed class WorkerPoolOptions
{
    /// <summary>Gets or sets the pipeline consumer whose work queue the pool consumes.</summary>
    /// <value>Empty (required).</value>
    public string Consumer { get; set; } = string.Empty;

    /// <summary>Gets or sets the registered handler the pool runs; chunks that name another handler are dead-lettered.</summary>
    /// <value>Empty (required).</value>
    public string Handler { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets how many chunks the pool handles at once. Each worker consumes on a channel of its own and runs
    /// the handler on one chunk at a time.
    /// </summary>
    /// <value>1.</value>
    public int Workers { get; set; } = 1;

    /// <summary>
    /// Gets or sets how many chunks the broker may hand the pool before it acknowledged them, shared out between the
    /// workers. A chunk is acknowledged only after its result reached the broker, so the prefetch covers the chunks
    /// being handled plus those whose results await the broker's confirm: raise it for handlers that take
    /// microseconds, keep it low for handlers that take seconds (what a node holds, another node cannot take).
    /// </summary>
    /// <value><see langword="null"/>: <see cref="DefaultPrefetchPerWorker"/> per worker.</value>
    public int? Prefetch { get; set; }

    /// <summary>The prefetch per worker when <see cref="Prefetch"/> is not set.</summary>
    public const int DefaultPrefetchPerWorker = 8;

    /// <summary>Gets the prefetch in effect: <see cref="Prefetch"/>, or <see cref="DefaultPrefetchPerWorker"/> per worker.</summary>
    /// <returns>The pool's prefetch.</returns>
    public int EffectivePrefetch() => Prefetch ?? (int)Math.Min(ushort.MaxValue, (long)Workers * DefaultPrefetchPerWorker);
}

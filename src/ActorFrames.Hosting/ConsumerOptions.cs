using ActorFrames.Results;

namespace ActorFrames.Hosting;

/// <summary>One consumer: how it cuts the stream, which handler it runs and where. Bound from <c>ActorFrames:Consumers:{name}</c>.</summary>
public sealed class ConsumerOptions
{
    /// <summary>
    /// Gets or sets the chunk size: a duration (<c>0.5s</c>, <c>500ms</c>, <c>2min</c>, <c>00:00:10</c>) or a
    /// number of samples per channel (<c>8000</c>).
    /// </summary>
    /// <value><see langword="null"/>: required.</value>
    public string? Size { get; set; }

    /// <summary>
    /// Gets or sets the hop between chunk starts, in the same forms as <see cref="Size"/>, for overlapping
    /// chunks (a 2 s chunk every 0.5 s); at most the size.
    /// </summary>
    /// <value><see langword="null"/>: the size (chunks do not overlap).</value>
    public string? Every { get; set; }

    /// <summary>Gets or sets the name of the registered handler the consumer runs.</summary>
    /// <value><see langword="null"/>: the consumer's own name.</value>
    public string? Handler { get; set; }

    /// <summary>Gets or sets where the handler runs.</summary>
    /// <value><see cref="WorkerKind.Inline"/>.</value>
    public WorkerKind WorkerMode { get; set; } = WorkerKind.Inline;

    /// <summary>Gets or sets how many handler instances work at once (1 for <see cref="WorkerKind.Inline"/>).</summary>
    /// <value>1.</value>
    public int Workers { get; set; } = 1;

    /// <summary>Gets or sets the most chunks dispatched but not yet answered before dispatch waits (at least <see cref="Workers"/>).</summary>
    /// <value>8.</value>
    public int MaxInFlight { get; set; } = 8;

    /// <summary>Gets or sets what happens when the consumer lags.</summary>
    /// <value><see cref="OverflowPolicy.Wait"/>.</value>
    public OverflowPolicy Overflow { get; set; } = OverflowPolicy.Wait;

    /// <summary>Gets or sets how many cut chunks may wait under <see cref="OverflowPolicy.DropOldest"/> before the oldest is dropped.</summary>
    /// <value>16.</value>
    public int MaxBufferedChunks { get; set; } = 16;

    /// <summary>Gets or sets the order in which results reach the origin.</summary>
    /// <value><see cref="ResultOrdering.Emission"/>: in chunk order.</value>
    public ResultOrdering Ordering { get; set; } = ResultOrdering.Emission;

    /// <summary>Creates the worker mode these settings name.</summary>
    /// <returns>Inline, Pool(n) or Process(n).</returns>
    /// <exception cref="NotSupportedException">The Cluster mode comes from ActorFrames.RabbitMq, which builds it itself.</exception>
    internal ActorFrames.Workers.WorkerMode CreateWorkerMode() => WorkerMode switch
    {
        WorkerKind.Inline => ActorFrames.Workers.WorkerMode.Inline,
        WorkerKind.Pool => ActorFrames.Workers.WorkerMode.Pool(Workers),
        WorkerKind.Process => ActorFrames.Workers.WorkerMode.Process(Workers),
        _ => throw new NotSupportedException($"The {WorkerMode} worker mode is not built from ConsumerOptions here: the Cluster mode needs ActorFrames.RabbitMq."),
    };
}

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

    /// <summary>Gets or sets how many chunks the pool handles at once; it is also the pool's prefetch.</summary>
    /// <value>1.</value>
    public int Workers { get; set; } = 1;
}

using RabbitMQ.Client;

namespace ActorFrames.RabbitMq.Node;

/// <summary>
/// One connection's worth of a <see cref="WorkerPool"/>: its result channel and batcher, its workers (fresh handler
/// instances and buffers on fresh channels) and its abort signal. Deliveries belong to the session they arrived in, so
/// one that outlives its connection touches nothing of the next session.
/// </summary>
internal sealed class PoolSession : IReplyOutcomes, IDisposable
{
    private readonly WorkerPool _pool;
    private readonly Action _onLost;
    private readonly CancellationTokenSource _abort = new();
    private volatile bool _stopping;
    private int _lost;

    /// <summary>Initializes a new instance of the <see cref="PoolSession"/> class.</summary>
    /// <param name="pool">The pool, which keeps the counters.</param>
    /// <param name="resultChannel">The session's confirming result channel.</param>
    /// <param name="slots">The session's workers (their channels are opened afterwards).</param>
    /// <param name="node">The node's name (UTF-8).</param>
    /// <param name="onLost">Makes the node reconnect.</param>
    public PoolSession(WorkerPool pool, IChannel resultChannel, WorkerSlot[] slots, byte[] node, Action onLost)
    {
        _pool = pool;
        _onLost = onLost;
        ResultChannel = resultChannel;
        Slots = slots;
        Batcher = new ResultBatcher(resultChannel, slots, node, this);
    }

    /// <summary>Gets the session's confirming result channel.</summary>
    public IChannel ResultChannel { get; }

    /// <summary>Gets the session's batcher.</summary>
    public ResultBatcher Batcher { get; }

    /// <summary>Gets the session's workers.</summary>
    public WorkerSlot[] Slots { get; }

    /// <summary>Gets a token cancelled by a hard stop.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>Gets or sets a value indicating whether the pool is stopping on purpose (cancellations are expected).</summary>
    public bool Stopping
    {
        get => _stopping;
        set => _stopping = value;
    }

    /// <summary>Cancels the handlers still running.</summary>
    public void Abort() => _abort.Cancel();

    /// <summary>Makes the node reconnect (once per session): the broker then redelivers whatever the session holds.</summary>
    public void Lose()
    {
        if (!_stopping && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            _onLost();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _abort.Dispose();

    /// <inheritdoc />
    void IReplyOutcomes.Settled(int processed, int deadLettered) => _pool.OnSettled(processed, deadLettered);

    /// <inheritdoc />
    void IReplyOutcomes.Unsettled(int count) => _pool.Leave(count);

    /// <inheritdoc />
    void IReplyOutcomes.Lost(Exception error)
    {
        _pool.OnResultsLost(error);
        Lose();
    }
}

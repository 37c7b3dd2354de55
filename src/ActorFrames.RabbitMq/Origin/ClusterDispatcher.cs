using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ActorFrames.Frames;
using ActorFrames.RabbitMq.Wire;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>
/// The origin side of the cluster worker mode: accepts a consumer's chunks into the spool, lets the
/// <see cref="ChunkPublisher"/> carry them to the consumer's work queue, and reports each chunk's reply to the result
/// sink exactly once (replies that arrive again after a redelivery are counted and dropped).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The handler's result type.</typeparam>
internal sealed class ClusterDispatcher<T, TResult> : IChunkDispatcher<T>, IReplyReceiver
    where T : unmanaged
{
    private readonly IResultSink<TResult> _results;
    private readonly IResultCodec<TResult> _codec;
    private readonly string _consumer;
    private readonly string _handler;
    private readonly ElementType _elementType = ElementTypes.Of<T>();
    private readonly Utf8Labels _labels;
    private readonly OutboundSpool _spool;
    private readonly ChunkPublisher _publisher;
    private readonly SemaphoreSlim _slots;
    private readonly Dictionary<long, ChunkInfo> _pending = [];
    private readonly Lock _gate = new();
    private readonly SpoolOverflow _overflow;
    private readonly int _maxMessageBytes;
    private readonly ILogger _logger;
    private TaskCompletionSource? _drained;
    private long _nextId;
    private int _inFlight;
    private long _duplicates;
    private long _dropped;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="ClusterDispatcher{T, TResult}"/> class and starts connecting.</summary>
    /// <param name="context">The consumer, handler, sink and limits.</param>
    /// <param name="options">Validated options.</param>
    public ClusterDispatcher(DispatcherContext<TResult> context, RabbitMqOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(context.MaxInFlight, "context.MaxInFlight");
        Topology.ThrowIfInvalidConsumer(context.Consumer, "context.Consumer");
        _codec = context.Registry.Get<T, TResult>(context.Handler).Codec;
        _results = context.Results;
        _consumer = context.Consumer;
        _handler = context.Handler;
        _overflow = options.Overflow;
        _maxMessageBytes = options.MaxMessageBytes;
        _logger = context.LoggerFactory.CreateLogger("ActorFrames.RabbitMq.ClusterDispatcher");
        _labels = new Utf8Labels(context.Consumer, context.Handler);
        _slots = new SemaphoreSlim(context.MaxInFlight, context.MaxInFlight);
        var originId = Guid.NewGuid().ToString("N");
        _spool = new OutboundSpool(options.SpoolCapacity, options.SpoolDirectory, options.SpoolDirectoryCapacity, $"{context.Consumer}-{originId}");
        _publisher = new ChunkPublisher(options, context.Consumer, originId, _spool, this, context.TimeProvider, _logger);
        _publisher.Start();
    }

    /// <inheritdoc />
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets the number of replies dropped because their chunk was already reported.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Gets the number of chunks dropped by the drop-oldest overflow policy.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Gets the number of chunks the broker confirmed.</summary>
    public long Confirmed => _publisher.Confirmed;

    /// <summary>Gets the number of chunks accepted and not yet confirmed by the broker.</summary>
    public int Spooled => _spool.Count;

    /// <summary>Gets a value indicating whether the dispatcher is connected to the broker.</summary>
    public bool IsConnected => _publisher.IsConnected;

    /// <summary>Gets the number of broker sessions opened so far.</summary>
    public long Sessions => _publisher.Sessions;

    /// <summary>Gets the reply queue's name.</summary>
    public string ReplyQueue => _publisher.ReplyQueue;

    /// <summary>Gets or sets an observer of every first reply (tests and diagnostics): the chunk, its delivery attempt and the node.</summary>
    internal Action<ChunkInfo, int, string>? ReplyObserved { get; set; }

    /// <inheritdoc />
    public ValueTask DispatchAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        SpoolEntry entry;
        ChunkInfo info;
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            info = chunk.Info;
            if (chunk.Length > _maxMessageBytes / Unsafe.SizeOf<T>())
            {
                RejectTooLarge(info, (long)chunk.Length * Unsafe.SizeOf<T>());
                chunk.Dispose();
                return ValueTask.CompletedTask;
            }

            // From here the entry owns the chunk (see Prepare); recycling the entry disposes it.
            entry = Prepare(chunk, info);
        }
        catch
        {
            chunk.Dispose();
            throw;
        }

        if (_slots.Wait(0, CancellationToken.None))
        {
            Register(entry.Id, info);
            bool added;
            try
            {
                added = _spool.TryAdd(entry);
            }
            catch
            {
                // Disposed meanwhile, or the spool directory could not take the body: the chunk was not accepted.
                Refuse(entry, registered: true, slotTaken: true);
                throw;
            }

            return added ? ValueTask.CompletedTask : AcceptSlowAsync(entry, info, slotTaken: true, cancellationToken);
        }

        return AcceptSlowAsync(entry, info, slotTaken: false, cancellationToken);
    }

    /// <inheritdoc />
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task drained;
            lock (_gate)
            {
                // Every outcome reported and its place freed: a chunk leaves _pending before its sink call, _inFlight after it.
                if (_inFlight == 0)
                {
                    return;
                }

                drained = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops publishing and closes the connection; chunks still outstanding are reported as failed.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _publisher.DisposeAsync().ConfigureAwait(false);
        _spool.Dispose();
        List<ChunkInfo> abandoned;
        lock (_gate)
        {
            abandoned = [.. _pending.Values];
            _pending.Clear();
            _inFlight = 0;
            _drained?.TrySetResult();
        }

        foreach (var info in abandoned)
        {
            _results.OnFailed(info, new OperationCanceledException($"The cluster dispatcher of consumer '{_consumer}' was disposed before the result of chunk {info.Sequence} of stream '{info.Source}' arrived."));
        }
    }

    /// <inheritdoc />
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A codec failure is wrapped (kept as InnerException) and reported to the sink as the chunk's outcome.")]
    public void OnReply(in ReplyRecord record, ReadOnlySpan<byte> node)
    {
        if (!TakeForOutcome(record.Id, out var info))
        {
            return;
        }

        try
        {
            ReplyObserved?.Invoke(info, record.Attempt, Encoding.UTF8.GetString(node));
            if (!record.Succeeded)
            {
                var (type, message) = ResultWireFormat.ReadFailure(record.Payload);
                _results.OnFailed(info, new RemoteHandlerException(type, message, Encoding.UTF8.GetString(node), record.Attempt));
                return;
            }

            TResult value;
            try
            {
                value = _codec.Read(record.Payload);
            }
            catch (Exception ex)
            {
                _results.OnFailed(info, new FormatException($"The result of chunk {info.Sequence} of stream '{info.Source}' could not be read by the codec of handler '{_handler}'.", ex));
                return;
            }

            _results.OnResult(info, value);
        }
        finally
        {
            Complete();
        }
    }

    /// <inheritdoc />
    public void OnDeadLettered(long id, string reason, string deadLetterQueue)
    {
        if (TakeForOutcome(id, out var info))
        {
            Fail(info, new RemoteHandlerException(
                $"Chunk {info.Sequence} of stream '{info.Source}' for consumer '{_consumer}' was dead-lettered by the broker ({reason}) before any result reached this origin (with delivery_limit: the workers that took it stopped before settling it, as many times as the limit allows). It waits in queue '{deadLetterQueue}'."));
        }
    }

    /// <inheritdoc />
    public void OnUnpublishable(long id, Exception error)
    {
        if (TakeForOutcome(id, out var info))
        {
            Fail(info, new ChunkDroppedException($"Chunk {info.Sequence} of stream '{info.Source}' for consumer '{_consumer}' could not be published: {error.Message}", error));
        }
    }

    private void RejectTooLarge(in ChunkInfo info, long bytes)
        => _results.OnFailed(info, new ChunkDroppedException(
            $"Chunk {info.Sequence} of stream '{info.Source}' for consumer '{_consumer}' was not published: its {bytes} bytes exceed RabbitMq:MaxMessageBytes ({_maxMessageBytes}). Cut smaller chunks, or raise MaxMessageBytes together with the broker's max_message_size."));

    /// <summary>
    /// Makes the chunk a spool entry. While the broker is connected, the entry holds the chunk itself and publishes its
    /// memory without a copy; the chunk is disposed when the broker confirmed it. While the broker is away the entry
    /// gets a copy and the chunk is disposed at once: a held chunk keeps its producer's whole segment, which for a
    /// sparse consumer is many times the chunk, so an outage must not hold thousands of them. (What was in flight when
    /// the broker went away stays held; that is what the consumer's rate let pile up in one round trip.)
    /// </summary>
    private SpoolEntry Prepare(Chunk<T> chunk, in ChunkInfo info)
    {
        var bytes = chunk.Length * Unsafe.SizeOf<T>();
        var hold = _publisher.IsConnected;
        var entry = hold ? _spool.RentEmpty(bytes) : _spool.Rent(bytes);
        entry.Id = Interlocked.Increment(ref _nextId);
        ChunkWireFormat.WriteChunk(entry.Headers, info, _elementType, _labels.Stream(info.Source.Value ?? string.Empty), _labels, entry.Id);
        entry.Properties.ReplyTo = _publisher.ReplyQueue;
        if (hold)
        {
            ((HeldChunk<T>)(entry.Held ??= new HeldChunk<T>())).Hold(chunk);
        }
        else
        {
            MemoryMarshal.AsBytes(chunk.Span).CopyTo(entry.Body);
            chunk.Dispose();
        }

        return entry;
    }

    private void Register(long id, in ChunkInfo info)
    {
        lock (_gate)
        {
            _pending.Add(id, info);
            _inFlight++;
        }
    }

    /// <summary>Takes a chunk that an outcome arrived for; a second outcome for the same chunk is counted as a duplicate.</summary>
    private bool TakeForOutcome(long id, out ChunkInfo info)
    {
        if (Unregister(id, out info))
        {
            return true;
        }

        Interlocked.Increment(ref _duplicates);
        return false;
    }

    private bool Unregister(long id, out ChunkInfo info)
    {
        lock (_gate)
        {
            return _pending.Remove(id, out info);
        }
    }

    private void Abandon(long id)
    {
        lock (_gate)
        {
            if (_pending.Remove(id))
            {
                LeaveLocked();
            }
        }
    }

    private void Complete()
    {
        lock (_gate)
        {
            LeaveLocked();
        }

        _slots.Release();
    }

    /// <summary>Undoes the acceptance of a chunk the spool did not take: its registration, its slot, its entry (and chunk).</summary>
    private void Refuse(SpoolEntry entry, bool registered, bool slotTaken)
    {
        if (registered)
        {
            Abandon(entry.Id);
        }

        if (slotTaken)
        {
            _slots.Release();
        }

        _spool.Recycle(entry);
    }

    /// <summary>A chunk's place is free: the last one out completes a waiting <see cref="DrainAsync"/>.</summary>
    private void LeaveLocked()
    {
        _inFlight--;
        if (_inFlight == 0 && _drained is { } drained)
        {
            _drained = null;
            drained.TrySetResult();
        }
    }

    private async ValueTask AcceptSlowAsync(SpoolEntry entry, ChunkInfo info, bool slotTaken, CancellationToken cancellationToken)
    {
        var registered = slotTaken;
        try
        {
            if (!slotTaken)
            {
                while (!_slots.Wait(0, CancellationToken.None))
                {
                    if (_overflow == SpoolOverflow.DropOldest && _spool.TryDropOldest(out var oldest))
                    {
                        ReportDropped(oldest);
                        continue;
                    }

                    await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    break;
                }

                slotTaken = true;
                Register(entry.Id, info);
                registered = true;
            }

            while (!_spool.TryAdd(entry))
            {
                if (_overflow == SpoolOverflow.DropOldest && _spool.TryDropOldest(out var oldest))
                {
                    ReportDropped(oldest);
                    continue;
                }

                await _spool.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            Refuse(entry, registered, slotTaken);
            throw;
        }
    }

    private void ReportDropped(long id)
    {
        if (!Unregister(id, out var info))
        {
            return;
        }

        Interlocked.Increment(ref _dropped);
        RabbitMqLog.ChunkDropped(_logger, _consumer, id);
        Fail(info, new ChunkDroppedException($"Chunk {info.Sequence} of stream '{info.Source}' for consumer '{_consumer}' was dropped before it reached the broker: the spool of {_spool.Capacity} chunks was full (overflow policy DropOldest)."));
    }

    /// <summary>Reports a taken chunk's failure and frees its place, also when the sink throws.</summary>
    private void Fail(in ChunkInfo info, Exception error)
    {
        try
        {
            _results.OnFailed(info, error);
        }
        finally
        {
            Complete();
        }
    }
}

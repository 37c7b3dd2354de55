using System.Threading.Channels;
using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Results;

/// <summary>
/// Gathers one consumer's results at the origin: drops duplicates by (stream, consumer, sequence), orders
/// them as asked, and hands each chunk's outcome exactly once to a callback and, when streaming is on, to
/// a reader of <see cref="ReadAllAsync"/>.
/// </summary>
/// <typeparam name="TResult">The handler's result type.</typeparam>
/// <remarks>
/// Memory stays bounded over days: per stream it keeps a watermark below which every sequence is done, and
/// a ring of the outcomes above it (at most the consumer's in-flight limit, since dispatch waits beyond that).
/// The callback runs serialized, on whichever worker thread completed the chunk: keep it short.
/// </remarks>
internal sealed class ResultCollector<TResult> : IResultSink<TResult>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SourceId, StreamWindow> _streams = [];
    private readonly ResultOrdering _ordering;
    private readonly Action<ChunkResult<TResult>>? _onDone;
    private readonly Channel<ChunkResult<TResult>>? _channel;
    private long _delivered;
    private long _failed;
    private long _duplicates;

    /// <summary>Creates a collector.</summary>
    /// <param name="ordering">The delivery order.</param>
    /// <param name="onDone">Called once per chunk outcome, serialized; may be <see langword="null"/>.</param>
    /// <param name="stream">Whether outcomes are also kept for <see cref="ReadAllAsync"/> (an unbounded buffer: read it).</param>
    public ResultCollector(ResultOrdering ordering, Action<ChunkResult<TResult>>? onDone, bool stream)
    {
        _ordering = ordering;
        _onDone = onDone;
        _channel = stream ? Channel.CreateUnbounded<ChunkResult<TResult>>(new UnboundedChannelOptions { SingleReader = true }) : null;
    }

    /// <summary>Gets the number of outcomes delivered (results and failures).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Gets the number of chunks that failed beyond their retry limit.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Gets the number of duplicate outcomes dropped (redeliveries).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Gets the number of outcomes held back waiting for an earlier sequence (Emission order).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                var pending = 0;
                foreach (var window in _streams.Values)
                {
                    pending += window.Held;
                }

                return pending;
            }
        }
    }

    /// <inheritdoc />
    public void OnResult(in ChunkInfo chunk, TResult value) => Accept(new ChunkResult<TResult>(chunk, value));

    /// <inheritdoc />
    public void OnFailed(in ChunkInfo chunk, Exception error) => Accept(new ChunkResult<TResult>(chunk, default, error));

    /// <summary>Declares that no more outcomes will come; completes <see cref="ReadAllAsync"/>.</summary>
    /// <param name="error">Why the pipeline stopped early, or <see langword="null"/>.</param>
    public void Complete(Exception? error = null) => _channel?.Writer.TryComplete(error);

    /// <summary>Reads the outcomes as they are delivered.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The outcomes, each exactly once.</returns>
    /// <exception cref="InvalidOperationException">The collector was created without streaming.</exception>
    public IAsyncEnumerable<ChunkResult<TResult>> ReadAllAsync(CancellationToken cancellationToken = default)
        => (_channel ?? throw new InvalidOperationException("Results are not streamed for this consumer: enable streaming when building the pipeline.")).Reader.ReadAllAsync(cancellationToken);

    private void Accept(ChunkResult<TResult> outcome)
    {
        lock (_gate)
        {
            ref var window = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_streams, outcome.Chunk.Source, out var existed);
            if (!existed)
            {
                window = new StreamWindow();
            }

            var sequence = outcome.Chunk.Sequence;
            if (!window!.TryHold(sequence, outcome, _ordering == ResultOrdering.Emission))
            {
                _duplicates++;
                return;
            }

            if (_ordering == ResultOrdering.AsCompleted)
            {
                Deliver(outcome);
                window.Advance(null, this);
            }
            else
            {
                window.Advance(static (collector, held) => collector.Deliver(held), this);
            }
        }
    }

    private void Deliver(ChunkResult<TResult> outcome)
    {
        _delivered++;
        if (!outcome.IsSuccess)
        {
            _failed++;
        }

        _onDone?.Invoke(outcome);
        _channel?.Writer.TryWrite(outcome);
    }

    /// <summary>The done-watermark of one stream and the ring of outcomes above it.</summary>
    private sealed class StreamWindow
    {
        private Slot[] _ring = new Slot[16];
        private long _next;

        public int Held { get; private set; }

        public bool TryHold(long sequence, ChunkResult<TResult> outcome, bool keepValue)
        {
            if (sequence < _next)
            {
                return false;
            }

            EnsureCapacity(sequence);
            ref var slot = ref _ring[sequence & (_ring.Length - 1)];
            if (slot.Filled)
            {
                return false;
            }

            slot.Filled = true;
            slot.Outcome = keepValue ? outcome : default;
            Held++;
            return true;
        }

        public void Advance(Action<ResultCollector<TResult>, ChunkResult<TResult>>? deliver, ResultCollector<TResult> collector)
        {
            while (true)
            {
                ref var slot = ref _ring[_next & (_ring.Length - 1)];
                if (!slot.Filled)
                {
                    return;
                }

                var outcome = slot.Outcome;
                slot = default;
                Held--;
                _next++;
                deliver?.Invoke(collector, outcome);
            }
        }

        private void EnsureCapacity(long sequence)
        {
            if (sequence - _next < _ring.Length)
            {
                return;
            }

            var size = _ring.Length;
            while (sequence - _next >= size)
            {
                size *= 2;
            }

            var ring = new Slot[size];
            for (var s = _next; s < _next + _ring.Length; s++)
            {
                ring[s & (size - 1)] = _ring[s & (_ring.Length - 1)];
            }

            _ring = ring;
        }

        private struct Slot
        {
            public bool Filled;
            public ChunkResult<TResult> Outcome;
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Dataflow;
using ActorFrames.Frames;
using ActorFrames.Rechunking;

namespace ActorFrames.Streams;

/// <summary>
/// A TPL Dataflow block that cuts frames into chunks, usable without an actor system: link a source of
/// frames to it and link it to the blocks that handle chunks.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// <para>
/// The block owns every frame it accepts and releases it once copied (also frames still waiting when it
/// faults or is cancelled); the block that receives a chunk owns it and disposes it. Chunks still inside the
/// block when it faults or is cancelled are disposed.
/// </para>
/// <para>
/// <see cref="DataflowBlockOptions.BoundedCapacity"/> bounds both the frames waiting to be cut and the chunks
/// waiting to be taken. When the chunk side is full the block waits (backpressure), unless
/// <see cref="RechunkOptions.MaxBufferedChunks"/> is set: then it keeps cutting and drops the oldest chunks
/// that could not be handed on, counted in <see cref="ChunkInfo.ChunksDroppedBefore"/>. Chunks held back that
/// way move on with the next frame, or when the block completes. <see cref="Complete"/> cuts the tail;
/// <see cref="IDataflowBlock.Fault"/>, a bad frame or cancellation fault the block (cancellation with an
/// <see cref="OperationCanceledException"/>).
/// </para>
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Dataflow blocks end through Complete or Fault: the pump completes the rechunker (releasing its ring) or disposes it on failure.")]
public sealed class RechunkBlock<T> : IPropagatorBlock<Frame<T>, Chunk<T>>, IReceivableSourceBlock<Chunk<T>>
    where T : unmanaged
{
    private readonly BufferBlock<Frame<T>> _input;
    private readonly BufferBlock<Chunk<T>> _output;
    private readonly Rechunker<T> _rechunker;
    private readonly CancellationToken _cancellation;
    private readonly int _capacity;
    private readonly bool _dropOldest;
    private readonly Task _pump;
    private Exception? _fault;

    /// <summary>Creates the block.</summary>
    /// <param name="options">How to cut; validated now.</param>
    /// <param name="blockOptions">Capacity, scheduler and cancellation; defaults when <see langword="null"/>.</param>
    /// <param name="consumer">The name the chunks carry.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RechunkBlock(RechunkOptions options, DataflowBlockOptions? blockOptions = null, string consumer = "default")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        blockOptions ??= new DataflowBlockOptions();
        _rechunker = new Rechunker<T>(consumer, options);
        _capacity = blockOptions.BoundedCapacity;
        _dropOldest = options.MaxBufferedChunks > 0 && _capacity != DataflowBlockOptions.Unbounded;
        _cancellation = blockOptions.CancellationToken;

        // The inner blocks get no token: on cancellation the pump must still find their items to release them.
        var inner = new DataflowBlockOptions { BoundedCapacity = _capacity, TaskScheduler = blockOptions.TaskScheduler };
        _input = new BufferBlock<Frame<T>>(inner);
        _output = new BufferBlock<Chunk<T>>(inner);
        _pump = PumpAsync();
    }

    /// <inheritdoc />
    public Task Completion => _output.Completion;

    /// <summary>Gets the number of chunks waiting to be taken.</summary>
    public int Count => _output.Count;

    /// <summary>Gets the rechunker's counters (read without a lock while the block runs).</summary>
    public RechunkStatistics Statistics => _rechunker.Consumers[0].Statistics;

    /// <summary>Signals that no more frames will come; the tail is cut and the block then completes.</summary>
    public void Complete() => _input.Complete();

    /// <inheritdoc />
    void IDataflowBlock.Fault(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Interlocked.CompareExchange(ref _fault, exception, null);
        _input.Complete();
    }

    /// <inheritdoc />
    public IDisposable LinkTo(ITargetBlock<Chunk<T>> target, DataflowLinkOptions linkOptions) => _output.LinkTo(target, linkOptions);

    /// <inheritdoc />
    public bool TryReceive(Predicate<Chunk<T>>? filter, [MaybeNullWhen(false)] out Chunk<T> item) => _output.TryReceive(filter, out item);

    /// <inheritdoc />
    public bool TryReceiveAll([NotNullWhen(true)] out IList<Chunk<T>>? items) => _output.TryReceiveAll(out items);

    /// <inheritdoc />
    DataflowMessageStatus ITargetBlock<Frame<T>>.OfferMessage(DataflowMessageHeader messageHeader, Frame<T> messageValue, ISourceBlock<Frame<T>>? source, bool consumeToAccept)
        => ((ITargetBlock<Frame<T>>)_input).OfferMessage(messageHeader, messageValue, source, consumeToAccept);

    /// <inheritdoc />
    Chunk<T>? ISourceBlock<Chunk<T>>.ConsumeMessage(DataflowMessageHeader messageHeader, ITargetBlock<Chunk<T>> target, out bool messageConsumed)
        => ((ISourceBlock<Chunk<T>>)_output).ConsumeMessage(messageHeader, target, out messageConsumed);

    /// <inheritdoc />
    bool ISourceBlock<Chunk<T>>.ReserveMessage(DataflowMessageHeader messageHeader, ITargetBlock<Chunk<T>> target)
        => ((ISourceBlock<Chunk<T>>)_output).ReserveMessage(messageHeader, target);

    /// <inheritdoc />
    void ISourceBlock<Chunk<T>>.ReleaseReservation(DataflowMessageHeader messageHeader, ITargetBlock<Chunk<T>> target)
        => ((ISourceBlock<Chunk<T>>)_output).ReleaseReservation(messageHeader, target);

    /// <inheritdoc />
    public override string ToString() => $"RechunkBlock<{typeof(T).Name}>({_rechunker.Consumers[0]})";

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The block's escalation point: every failure (bad frame, cancellation, a downstream fault) faults the block's Completion; nothing is swallowed.")]
    private async Task PumpAsync()
    {
        Exception? failure = null;
        try
        {
            while (_fault is null && await _input.OutputAvailableAsync(_cancellation).ConfigureAwait(false))
            {
                while (_fault is null && _input.TryReceive(out var frame))
                {
                    try
                    {
                        _rechunker.Write(frame);
                    }
                    finally
                    {
                        frame.Release();
                    }

                    await DeliverAsync(final: false).ConfigureAwait(false);
                }
            }

            _cancellation.ThrowIfCancellationRequested();
            if (_fault is null)
            {
                _rechunker.Complete();
                await DeliverAsync(final: true).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        failure ??= _fault;
        if (failure is null)
        {
            _output.Complete();
            return;
        }

        _input.Complete();
        if (_input.TryReceiveAll(out var frames))
        {
            foreach (var frame in frames)
            {
                frame.Release();
            }
        }

        _rechunker.Dispose();
        if (_output.TryReceiveAll(out var chunks))
        {
            foreach (var chunk in chunks)
            {
                chunk.Dispose();
            }
        }

        ((IDataflowBlock)_output).Fault(failure);
    }

    private async ValueTask DeliverAsync(bool final)
    {
        while (_rechunker.Count > 0)
        {
            if (_dropOldest && !final && _output.Count >= _capacity)
            {
                // Keep cutting; the rechunker drops its oldest chunks beyond MaxBufferedChunks.
                return;
            }

            _rechunker.TryRead(out var chunk);
            if (_output.Post(chunk!))
            {
                continue;
            }

            var sent = false;
            try
            {
                sent = await _output.SendAsync(chunk!, _cancellation).ConfigureAwait(false);
            }
            finally
            {
                if (!sent)
                {
                    chunk!.Dispose();
                }
            }
        }
    }
}

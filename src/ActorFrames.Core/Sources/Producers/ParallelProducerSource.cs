using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ActorFrames.Frames;

namespace ActorFrames.Sources.Producers;

/// <summary>
/// A source whose frames are made by N producer threads from messages a commander creates (the concurrentbuffer
/// pattern). The consumer's reads drive the commander, so at most 4 x N frames are in flight (dispatched, being made,
/// or made and unread) and a slow consumer holds the producers back. A producer's exception is rethrown by the
/// consumer's next read; disposal stops the threads and returns every frame's memory, waiting at most
/// <see cref="ParallelProducerOptions.DisposeTimeout"/> for producers still busy (their frames are released as soon as
/// they return).
/// </summary>
/// <typeparam name="TMessage">The commander's message type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ParallelProducerSource<TMessage, T> : IFrameSource<T>
    where T : unmanaged
{
    private const int Free = 0;
    private const int Queued = 1;
    private const int Running = 2;
    private const int Done = 3;
    private const int Failed = 4;
    private const int Abandoned = 5;

    private readonly IFrameCommander<TMessage> _commander;
    private readonly Func<int, IFrameProducer<TMessage, T>> _producerFactory;
    private readonly ParallelProducerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Slot[] _slots;
    private readonly Stack<int> _free;
    private readonly int[] _bySequence;
    private readonly BlockingCollection<int> _jobs;
    private readonly ConcurrentQueue<int> _finished = new();
    private readonly SemaphoreSlim _finishedSignal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _fault;
    private long _nextSequence;
    private long _nextDelivery;
    private int _inFlight;
    private int _running;
    private bool _started;
    private bool _commanderDone;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="ParallelProducerSource{TMessage, T}"/> class; threads start on the first read.</summary>
    /// <param name="id">The source identity stamped on the frames.</param>
    /// <param name="commander">Creates one message per frame; called on the reader's thread.</param>
    /// <param name="producerFactory">Creates the producer for thread i (0..N-1).</param>
    /// <param name="options">Thread count, frame shape and order; defaults when null.</param>
    /// <param name="timeProvider">The clock that timestamps frames (when their message was dispatched); the system clock if null.</param>
    public ParallelProducerSource(SourceId id, IFrameCommander<TMessage> commander, Func<int, IFrameProducer<TMessage, T>> producerFactory, ParallelProducerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id.Value, nameof(id));
        ArgumentNullException.ThrowIfNull(commander);
        ArgumentNullException.ThrowIfNull(producerFactory);
        options ??= new ParallelProducerOptions();
        options.Validate();
        _ = ElementTypes.Of<T>();
        Id = id;
        _commander = commander;
        _producerFactory = producerFactory;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        MaxInFlight = options.Producers * ParallelProducerOptions.InFlightPerProducer;
        _slots = new Slot[MaxInFlight];
        _free = new Stack<int>(MaxInFlight);
        for (var i = MaxInFlight - 1; i >= 0; i--)
        {
            _slots[i] = new Slot();
            _free.Push(i);
        }

        _bySequence = new int[MaxInFlight];
        _jobs = new BlockingCollection<int>(new ConcurrentQueue<int>(), MaxInFlight);
    }

    /// <inheritdoc />
    public SourceId Id { get; }

    /// <inheritdoc />
    public int Channels => _options.Channels;

    /// <inheritdoc />
    public double? SampleRate => _options.SampleRate;

    /// <summary>Gets the most frames in flight at once: 4 x the producer count.</summary>
    public int MaxInFlight { get; }

    /// <summary>Gets the frames in flight now (for tests and diagnostics).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets the producer threads still running (for tests and diagnostics).</summary>
    public int RunningProducers => Volatile.Read(ref _running);

    /// <summary>Gets a task that completes when every producer thread has exited (for tests).</summary>
    internal Task Exited => _exited.Task;

    /// <summary>Gets the frames the source still holds, in slots or in stuck producers (for tests).</summary>
    internal int FramesHeld
    {
        get
        {
            var held = 0;
            foreach (var slot in _slots)
            {
                if (Volatile.Read(ref slot.Frame) is not null)
                {
                    held++;
                }
            }

            return held;
        }
    }

    /// <summary>
    /// Reads the next frame: the next in commander order (<see cref="ProducerOrder.Deterministic"/>) or the next finished
    /// (<see cref="ProducerOrder.AsReady"/>). A frame's sequence is its message's position in commander order.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The frame, or <see langword="null"/> when the commander is done and every frame was read.</returns>
    /// <exception cref="InvalidOperationException">A producer failed; the inner exception is its error.</exception>
    // Pooled state machines: a read that waits would otherwise allocate once per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Frame<T>?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Start();
        while (true)
        {
            if (Volatile.Read(ref _fault) is { } fault)
            {
                throw fault;
            }

            Dispatch();
            if (_inFlight == 0 && _commanderDone)
            {
                return null;
            }

            if (TryTake() is { } frame)
            {
                if (frame.Length > 0)
                {
                    return frame;
                }

                frame.Release();
                continue;
            }

            await _finishedSignal.WaitAsync(cancellationToken).ConfigureAwait(false);
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        }
    }

    /// <summary>Stops the producers and releases every frame not handed to the consumer.</summary>
    /// <returns>A task that completes when the threads exited or the dispose timeout passed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _jobs.CompleteAdding();
        _finishedSignal.Release(); // wake a read that is waiting, so it reports the disposal
        var exited = !_started;
        if (_started)
        {
            try
            {
                await _exited.Task.WaitAsync(_options.DisposeTimeout, _timeProvider).ConfigureAwait(false);
                exited = true;
            }
            catch (TimeoutException)
            {
                // A producer is stuck in user code; its frame is released when it returns (see Finish).
            }
        }

        foreach (var slot in _slots)
        {
            var state = Volatile.Read(ref slot.State);
            if (state == Running)
            {
                if (Interlocked.CompareExchange(ref slot.State, Abandoned, Running) == Running)
                {
                    continue;
                }

                state = Volatile.Read(ref slot.State);
            }

            if (state is Queued or Done or Failed && Interlocked.CompareExchange(ref slot.State, Free, state) == state && slot.Frame is { } frame)
            {
                slot.Frame = null;
                frame.Release();
            }
        }

        if (exited)
        {
            _jobs.Dispose();
            _finishedSignal.Dispose();
            _stop.Dispose();
        }
    }

    private void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _running = _options.Producers;
        for (var i = 0; i < _options.Producers; i++)
        {
            var thread = new Thread(static state => ((Worker)state!).Run())
            {
                IsBackground = true,
                Name = $"{Id} producer {i}",
            };
            thread.Start(new Worker(this, i, _producerFactory(i)));
        }
    }

    private void Dispatch()
    {
        while (_inFlight < MaxInFlight && !_commanderDone)
        {
            if (!_commander.TryCreateMessage(out var message))
            {
                _commanderDone = true;
                return;
            }

            var index = _free.Pop();
            var slot = _slots[index];
            var sequence = _nextSequence++;
            slot.Message = message;
            slot.Sequence = sequence;
            slot.Frame = Frame<T>.Rent(_options.FrameLength, new FrameInfo(Id, sequence, _timeProvider.GetUtcNow(), _options.Channels, _options.SampleRate));
            Volatile.Write(ref slot.State, Queued);
            _bySequence[sequence % MaxInFlight] = index;
            _inFlight++;
            _jobs.Add(index);
        }
    }

    private Frame<T>? TryTake()
    {
        int index;
        if (_options.Order == ProducerOrder.Deterministic)
        {
            if (_nextDelivery == _nextSequence)
            {
                return null;
            }

            index = _bySequence[_nextDelivery % MaxInFlight];
            if (Volatile.Read(ref _slots[index].State) != Done)
            {
                return null;
            }

            _nextDelivery++;
        }
        else if (!_finished.TryDequeue(out index))
        {
            return null;
        }

        var slot = _slots[index];
        var frame = slot.Frame!;
        slot.Frame = null;
        slot.Message = default!;
        Volatile.Write(ref slot.State, Free);
        _free.Push(index);
        _inFlight--;
        return frame;
    }

    private void Finish(Slot slot, int index, int state)
    {
        if (Interlocked.CompareExchange(ref slot.State, state, Running) != Running)
        {
            // Disposal gave up on this producer while it ran: the frame is ours to return.
            slot.Frame?.Release();
            slot.Frame = null;
            return;
        }

        if (state == Done && _options.Order == ProducerOrder.AsReady)
        {
            _finished.Enqueue(index);
        }

        _finishedSignal.Release();
    }

    private sealed class Slot
    {
        public TMessage Message = default!;
        public Frame<T>? Frame;
        public long Sequence;
        public int State;
    }

    private sealed class Worker(ParallelProducerSource<TMessage, T> owner, int number, IFrameProducer<TMessage, T> producer)
    {
        [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Escalation point: a producer's failure of any type is handed to the consumer, whose next read rethrows it.")]
        public void Run()
        {
            try
            {
                foreach (var index in owner._jobs.GetConsumingEnumerable(owner._stop.Token))
                {
                    var slot = owner._slots[index];
                    if (Interlocked.CompareExchange(ref slot.State, Running, Queued) != Queued)
                    {
                        continue;
                    }

                    var state = Done;
                    try
                    {
                        var frame = slot.Frame!;
                        var written = producer.Produce(slot.Message, frame.GetWriteSpan());
                        if (written < 0 || written > frame.Length || written % frame.Channels != 0)
                        {
                            throw new InvalidOperationException($"Producer {number} returned {written} for a frame of {frame.Length} elements: the count must be 0..{frame.Length} and a multiple of {frame.Channels} channels.");
                        }

                        frame.Shrink(written);
                    }
                    catch (Exception e)
                    {
                        state = Failed;
                        var fault = new InvalidOperationException($"{owner.Id}: producer {number} failed on message {slot.Sequence}: {e.Message}", e);
                        Interlocked.CompareExchange(ref owner._fault, fault, null);
                    }

                    owner.Finish(slot, index, state);
                }
            }
            catch (OperationCanceledException) when (owner._stop.IsCancellationRequested)
            {
                // Disposal: stop taking messages.
            }
            finally
            {
                if (Interlocked.Decrement(ref owner._running) == 0)
                {
                    owner._exited.TrySetResult();
                }
            }
        }
    }
}

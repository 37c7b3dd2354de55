using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ActorFrames.Frames;

namespace ActorFrames.Sources.Oasis;

/// <summary>
/// Reads one or more OASIS loss streams (gulpy, fmpy, summarypy output) as frames of whole events: every frame holds
/// complete records of one or more events from one input, validated and normalized (NaN losses read as 0, an item left
/// open at the end of a stream closed with (0, 0)), so a frame can be decoded with <see cref="OasisRecordReader"/> or
/// written unchanged with <see cref="OasisStreamWriter"/>. Several inputs are read concurrently, as they become ready;
/// they must carry identical headers.
/// </summary>
public sealed class OasisSource : IFrameSource<byte>
{
    private readonly OasisEventChunker[] _inputs;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _publish = new(1, 1);
    private readonly Channel<Frame<byte>>? _frames;
    private Task? _pumps;
    private Exception? _fault;
    private long _sequence;
    private int _disposed;

    private OasisSource(SourceId id, OasisEventChunker[] inputs, TimeProvider timeProvider)
    {
        Id = id;
        _inputs = inputs;
        _timeProvider = timeProvider;
        Header = inputs[0].Header;
        if (inputs.Length > 1)
        {
            _frames = Channel.CreateBounded<Frame<byte>>(new BoundedChannelOptions(2 * inputs.Length) { SingleReader = true });
        }
    }

    /// <inheritdoc />
    public SourceId Id { get; }

    /// <summary>Gets the header shared by every input.</summary>
    public OasisStreamHeader Header { get; }

    /// <inheritdoc />
    public int Channels => 1;

    /// <inheritdoc />
    public double? SampleRate => null;

    /// <summary>Gets the number of items that ended without (0, 0) at the end of their stream and were closed.</summary>
    public int ItemsClosedAtEnd
    {
        get
        {
            var total = 0;
            foreach (var input in _inputs)
            {
                total += input.ItemsClosedAtEnd;
            }

            return total;
        }
    }

    /// <summary>Opens one stream file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Read and frame sizes; defaults when null.</param>
    /// <param name="timeProvider">The clock that timestamps frames; the system clock if null.</param>
    /// <param name="cancellationToken">Cancels the header read.</param>
    /// <returns>The source, named after <paramref name="path"/>.</returns>
    /// <exception cref="SourceFormatException">The header is malformed.</exception>
    public static Task<OasisSource> OpenAsync(string path, OasisSourceOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
        => OpenAsync([OasisInput.FromFile(path)], new SourceId(path), options, timeProvider, cancellationToken);

    /// <summary>Reads the headers of <paramref name="inputs"/> and checks that they agree.</summary>
    /// <param name="inputs">One or more streams; the source owns and disposes them.</param>
    /// <param name="id">The source identity stamped on the frames.</param>
    /// <param name="options">Read and frame sizes; defaults when null.</param>
    /// <param name="timeProvider">The clock that timestamps frames (the time each frame was cut); the system clock if null.</param>
    /// <param name="cancellationToken">Cancels the header reads.</param>
    /// <returns>The source.</returns>
    /// <exception cref="SourceFormatException">A header is malformed, or two inputs' headers differ (the message names both).</exception>
    public static async Task<OasisSource> OpenAsync(IReadOnlyList<OasisInput> inputs, SourceId id, OasisSourceOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfZero(inputs.Count, "inputs.Count");
        ArgumentException.ThrowIfNullOrEmpty(id.Value, nameof(id));
        options ??= new OasisSourceOptions();
        options.Validate();
        var opening = new Task<OasisEventChunker>[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(inputs[i].Stream, $"inputs[{i}].Stream");
            opening[i] = OasisEventChunker.OpenAsync(inputs[i].Stream, inputs[i].Name ?? $"input {i}", options, leaveOpen: false, cancellationToken);
        }

        try
        {
            await Task.WhenAll(opening).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAllAsync(inputs, opening).ConfigureAwait(false);
            throw;
        }

        var chunkers = new OasisEventChunker[opening.Length];
        for (var i = 0; i < opening.Length; i++)
        {
            chunkers[i] = await opening[i].ConfigureAwait(false);
            if (chunkers[i].Header != chunkers[0].Header)
            {
                await DisposeAllAsync(inputs, opening).ConfigureAwait(false);
                throw new SourceFormatException(chunkers[i].Name, 0, $"the header ({chunkers[i].Header}) differs from the header of {chunkers[0].Name} ({chunkers[0].Header}): streams read together must agree on source type, aggregation, len_sample and summary set");
            }
        }

        return new OasisSource(id, chunkers, timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc />
    // Pooled state machines: a read that waits would otherwise allocate once per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Frame<byte>?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_frames is null)
        {
            var events = await _inputs[0].ReadEventsAsync(cancellationToken).ConfigureAwait(false);
            return events.IsEmpty ? null : Frame<byte>.Copy(events.Span, new FrameInfo(Id, _sequence++, _timeProvider.GetUtcNow()));
        }

        _pumps ??= PumpAllAsync(_stop.Token);
        while (true)
        {
            if (Volatile.Read(ref _fault) is { } fault)
            {
                ExceptionDispatchInfo.Throw(fault);
            }

            if (_frames.Reader.TryRead(out var frame))
            {
                return frame;
            }

            if (!await _frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _fault) is { } late)
                {
                    ExceptionDispatchInfo.Throw(late);
                }

                return null;
            }
        }
    }

    /// <summary>Stops the readers, releases frames nobody took and closes every input.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_pumps is { } pumps)
        {
            await pumps.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_frames is { } frames)
        {
            while (frames.Reader.TryRead(out var frame))
            {
                frame.Release();
            }
        }

        foreach (var input in _inputs)
        {
            await input.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _publish.Dispose();
    }

    private static async Task DisposeAllAsync(IReadOnlyList<OasisInput> inputs, Task<OasisEventChunker>[] opening)
    {
        await ((Task)Task.WhenAll(opening)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var input in inputs)
        {
            await input.Stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task PumpAllAsync(CancellationToken cancellationToken)
    {
        var pumps = new Task[_inputs.Length];
        for (var i = 0; i < pumps.Length; i++)
        {
            pumps[i] = PumpAsync(_inputs[i], cancellationToken);
        }

        try
        {
            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
        finally
        {
            _frames!.Writer.TryComplete();
        }
    }

    private async Task PumpAsync(OasisEventChunker input, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                var events = await input.ReadEventsAsync(cancellationToken).ConfigureAwait(false);
                if (events.IsEmpty)
                {
                    return;
                }

                // One publisher at a time, so that sequence numbers reach the reader in order.
                await _publish.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var frame = Frame<byte>.Copy(events.Span, new FrameInfo(Id, _sequence++, _timeProvider.GetUtcNow()));
                    try
                    {
                        await _frames!.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        frame.Release();
                        throw;
                    }
                }
                finally
                {
                    _publish.Release();
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Keep the first failure for the reader and stop the other inputs; the reader rethrows it on its next read.
            Interlocked.CompareExchange(ref _fault, e, null);
            _frames!.Writer.TryComplete();
            await _stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}

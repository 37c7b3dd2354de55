using System.Threading.Channels;
using ActorFrames.Frames;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Workers.Processes;

/// <summary>
/// Runs a consumer's handler in child processes: one loop per child takes chunks from a shared queue, sends
/// each through the child's pipe and reports its result. A child that dies is replaced and its chunk tried
/// again on the replacement; a handler failure is tried again too; after
/// <see cref="ProcessWorkerOptions.MaxAttempts"/> the chunk is reported as failed (dead-lettered).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
internal sealed class ProcessDispatcher<T, TResult> : IChunkDispatcher<T>
    where T : unmanaged
{
    private readonly DispatcherContext<TResult> _context;
    private readonly IResultCodec<TResult> _codec;
    private readonly ProcessWorkerOptions _options;
    private readonly string _file;
    private readonly IReadOnlyList<string> _arguments;
    private readonly Channel<Chunk<T>> _queue = Channel.CreateUnbounded<Chunk<T>>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly Task[] _loops;
    private long _nextRequest;
    private int _inFlight;
    private int _childrenStarted;

    public ProcessDispatcher(DispatcherContext<TResult> context, int workers, ProcessWorkerOptions options)
    {
        options.Validate();
        _context = context;
        _codec = context.Registry.Get<T, TResult>(context.Handler).Codec;
        _options = options;
        (_file, _arguments) = ResolveExecutable(options);
        _slots = new SemaphoreSlim(context.MaxInFlight, context.MaxInFlight);
        _logger = context.LoggerFactory.CreateLogger("ActorFrames.Workers.Processes");
        _loops = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            _loops[i] = Task.Run(RunChildLoopAsync);
        }
    }

    /// <inheritdoc />
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets how many children were started in all (replacements included).</summary>
    public int ChildrenStarted => Volatile.Read(ref _childrenStarted);

    /// <inheritdoc />
    public ValueTask DispatchAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            Enqueue(chunk);
            return ValueTask.CompletedTask;
        }

        return WaitAsync(chunk, cancellationToken);

        async ValueTask WaitAsync(Chunk<T> chunk, CancellationToken cancellationToken)
        {
            try
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                chunk.Dispose();
                throw;
            }

            Enqueue(chunk);
        }
    }

    /// <inheritdoc />
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var held = 0;
        try
        {
            for (; held < _context.MaxInFlight; held++)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (held > 0)
            {
                _slots.Release(held);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stopping.Dispose();
        _slots.Dispose();
    }

    private static (string File, IReadOnlyList<string> Arguments) ResolveExecutable(ProcessWorkerOptions options)
    {
        if (options.Executable is { } executable)
        {
            return (executable, [.. options.Arguments]);
        }

        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "actorframes")
        {
            return (processPath, [.. options.Arguments]);
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "actorframes.dll");
        if (File.Exists(dll))
        {
            var host = processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet"
                ? processPath
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            return (host, [dll, .. options.Arguments]);
        }

        throw new InvalidOperationException($"The process worker mode found no 'actorframes' executable (looked at {processPath} and {dll}): set ProcessWorkerOptions.Executable to an executable that runs ProcessWorkerHost.RunAsync.");
    }

    private void Enqueue(Chunk<T> chunk)
    {
        Interlocked.Increment(ref _inFlight);
        if (!_queue.Writer.TryWrite(chunk))
        {
            Interlocked.Decrement(ref _inFlight);
            _slots.Release();
            chunk.Dispose();
            throw new ObjectDisposedException(nameof(ProcessDispatcher<T, TResult>), $"Consumer '{_context.Consumer}': the process worker pool was disposed.");
        }
    }

    private async Task RunChildLoopAsync()
    {
        WorkerChild? child = null;
        try
        {
            await foreach (var chunk in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                child = await HandleAsync(child, chunk).ConfigureAwait(false);
            }
        }
        finally
        {
            if (child is not null)
            {
                await child.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<WorkerChild?> HandleAsync(WorkerChild? child, Chunk<T> chunk)
    {
        var info = chunk.Info;
        var requestId = Interlocked.Increment(ref _nextRequest);
        string? lastError = null;
        try
        {
            for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
            {
                try
                {
                    child ??= StartChild();
                    var (success, payload) = await child.SendAsync(requestId, _context.Handler, chunk, _stopping.Token).ConfigureAwait(false);
                    if (success)
                    {
                        var value = _codec.Read(payload.Span);
                        _context.Results.OnResult(info, value);
                        return child;
                    }

                    lastError = WorkerChild.ErrorText(payload.Span);
                }
                catch (WorkerChildLostException ex)
                {
                    ProcessWorkerLog.ChildLost(_logger, _context.Consumer, info.Sequence, attempt, ex);
                    lastError = ex.Message;
                    var lost = child;
                    child = null;
                    if (lost is not null)
                    {
                        await lost.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }

            ProcessWorkerLog.DeadLettered(_logger, _context.Consumer, info.Sequence, _options.MaxAttempts, lastError ?? "unknown");
            _context.Results.OnFailed(info, new ChunkDeadLetteredException(info, _options.MaxAttempts, lastError ?? "unknown"));
            return child;
        }
        finally
        {
            chunk.Dispose();
            Interlocked.Decrement(ref _inFlight);
            _slots.Release();
        }
    }

    private WorkerChild StartChild()
    {
        var child = WorkerChild.Start(_file, _arguments, _logger);
        Interlocked.Increment(ref _childrenStarted);
        ProcessWorkerLog.ChildStarted(_logger, _context.Consumer, child.ProcessId);
        return child;
    }
}

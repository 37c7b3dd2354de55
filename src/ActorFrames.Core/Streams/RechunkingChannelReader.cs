using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ActorFrames.Frames;
using ActorFrames.Rechunking;

namespace ActorFrames.Streams;

/// <summary>
/// A channel of chunks read straight off a channel of frames: a reader pulls frames only when no chunk is
/// waiting, so a slow reader leaves frames in the frame channel (whose own capacity and full mode decide
/// between backpressure and dropping). Thread-safe for several readers.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A channel reader is not disposed: the rechunker releases its ring on completion and is disposed on failure; waiting chunks belong to whoever reads them.")]
internal sealed class RechunkingChannelReader<T> : ChannelReader<Chunk<T>>
    where T : unmanaged
{
    private readonly ChannelReader<Frame<T>> _frames;
    private readonly Rechunker<T> _rechunker;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _framesDone;
    private ExceptionDispatchInfo? _error;

    public RechunkingChannelReader(ChannelReader<Frame<T>> frames, RechunkOptions options, string consumer)
    {
        _frames = frames;
        _rechunker = new Rechunker<T>(consumer, options);
    }

    public override Task Completion => _completion.Task;

    public override bool CanCount => true;

    public override int Count
    {
        get
        {
            lock (_lock)
            {
                return _rechunker.Count;
            }
        }
    }

    public override bool TryRead([MaybeNullWhen(false)] out Chunk<T> item)
    {
        lock (_lock)
        {
            return TryReadLocked(out item);
        }
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (Pull())
            {
                return new ValueTask<bool>(true);
            }

            if (_framesDone)
            {
                _error?.Throw();
                return new ValueTask<bool>(false);
            }
        }

        return WaitForFramesAsync(cancellationToken);
    }

    private async ValueTask<bool> WaitForFramesAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            bool more;
            try
            {
                more = await _frames.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lock (_lock)
                {
                    Fail(ex);
                }

                throw;
            }

            lock (_lock)
            {
                if (!more)
                {
                    FinishFrames();
                }

                if (Pull())
                {
                    return true;
                }

                if (_framesDone)
                {
                    _error?.Throw();
                    return false;
                }
            }
        }
    }

    private bool TryReadLocked([MaybeNullWhen(false)] out Chunk<T> item)
    {
        if (Pull() && _rechunker.TryRead(out var chunk))
        {
            item = chunk;
            return true;
        }

        item = null;
        return false;
    }

    /// <summary>Writes frames until a chunk waits or no frame is ready; true when a chunk waits.</summary>
    private bool Pull()
    {
        while (_rechunker.Count == 0)
        {
            if (_framesDone)
            {
                if (_error is null)
                {
                    _completion.TrySetResult();
                }

                return false;
            }

            if (_frames.TryRead(out var frame))
            {
                try
                {
                    _rechunker.Write(frame);
                }
                catch (Exception ex)
                {
                    Fail(ex);
                    throw;
                }
                finally
                {
                    frame.Release();
                }
            }
            else if (_frames.Completion.IsCompleted)
            {
                if (_frames.Completion.Exception is { } failure)
                {
                    Fail(failure.InnerException ?? failure);
                    return false;
                }

                FinishFrames();
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private void FinishFrames()
    {
        if (!_framesDone)
        {
            _framesDone = true;
            _rechunker.Complete();
        }
    }

    private void Fail(Exception error)
    {
        if (_error is not null)
        {
            return;
        }

        _framesDone = true;
        _error = ExceptionDispatchInfo.Capture(error);
        _rechunker.Dispose();
        _completion.TrySetException(error);
    }
}

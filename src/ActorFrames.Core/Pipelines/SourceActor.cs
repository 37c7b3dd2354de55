using System.Runtime.CompilerServices;
using ActorFrames.Actors;
using ActorFrames.Frames;

namespace ActorFrames.Pipelines;

/// <summary>
/// Reads a source's frames and pushes each one to every consumer's rechunk actor (one shared, read-only,
/// reference-counted frame for all of them). It reads up to <see cref="FramesPerTurn"/> frames a turn and
/// then tells itself to go on, so it never monopolises a thread; a full consumer mailbox makes it wait.
/// When the run is stopped it ends the stream like a natural end, so the consumers flush their tails.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SourceActor<T>(IAsyncEnumerable<Frame<T>> frames, IReadOnlyList<IActorRef> consumers, PipelineContext pipeline, Action<long> onFramesRead, Action onEnded) : IActor
    where T : unmanaged
{
    private const int FramesPerTurn = 64;

    private readonly IActorRef[] _consumers = [.. consumers];
    private IAsyncEnumerator<Frame<T>>? _enumerator;
    private long _framesRead;
    private bool _ended;

    /// <inheritdoc />
    public ValueTask PreStartAsync(IActorContext context)
    {
        _enumerator = frames.GetAsyncEnumerator(pipeline.Stopping);
        context.Self.Tell(ReadNext.Instance);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        ReadNext => ReadAsync(context),
        _ => throw new InvalidOperationException($"The source actor got an unexpected {context.Message.GetType().Name}."),
    };

    /// <inheritdoc />
    public async ValueTask PostStopAsync(IActorContext context)
    {
        if (_enumerator is not null)
        {
            await _enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadAsync(IActorContext context)
    {
        if (_ended)
        {
            return;
        }

        var enumerator = _enumerator!;
        for (var i = 0; i < FramesPerTurn; i++)
        {
            bool more;
            if (pipeline.Stopping.IsCancellationRequested)
            {
                // Also stops a source that ignores its cancellation token.
                await EndAsync().ConfigureAwait(false);
                return;
            }

            try
            {
                var next = enumerator.MoveNextAsync();
                more = next.IsCompletedSuccessfully ? next.Result : await next.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (pipeline.Stopping.IsCancellationRequested)
            {
                more = false;
            }

            if (!more)
            {
                await EndAsync().ConfigureAwait(false);
                return;
            }

            var frame = enumerator.Current;
            _framesRead++;
            if (_consumers.Length == 0)
            {
                frame.Release();
                continue;
            }

            frame.Retain(_consumers.Length - 1);
            for (var c = 0; c < _consumers.Length; c++)
            {
                var sent = _consumers[c].SendAsync(frame, null, CancellationToken.None);
                if (!sent.IsCompletedSuccessfully)
                {
                    await sent.ConfigureAwait(false);
                }
            }
        }

        onFramesRead(_framesRead);
        context.Self.Tell(ReadNext.Instance);
    }

    private async ValueTask EndAsync()
    {
        _ended = true;
        onFramesRead(_framesRead);
        foreach (var consumer in _consumers)
        {
            await consumer.SendAsync(EndOfStream.Instance, null, CancellationToken.None).ConfigureAwait(false);
        }

        onEnded();
    }
}

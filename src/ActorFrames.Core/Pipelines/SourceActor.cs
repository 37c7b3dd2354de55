using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ActorFrames.Actors;
using ActorFrames.Diagnostics;
using ActorFrames.Frames;
using ActorFrames.Rechunking;

namespace ActorFrames.Pipelines;

/// <summary>
/// Reads a source's frames and cuts them for every consumer at once: each frame is copied once into the
/// source's shared <see cref="Rechunker{T}"/> (a pooled, reference-counted segment ring), and each consumer's
/// chunks, leased slices of that ring, go to the consumer's actor. It reads up to <see cref="FramesPerTurn"/>
/// frames a turn and then tells itself to go on, so it never monopolises a thread. When the run is stopped
/// it ends the stream like a natural end: tails are flushed and every chunk is handed over.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// With <see cref="ConsumerOverflow.Backpressure"/> a consumer's full mailbox makes the source wait. With
/// <see cref="ConsumerOverflow.DropOldest"/> the source hands over no more than the consumer's in-flight limit;
/// the rest wait in the rechunker's bounded buffer, which drops the oldest, until a result nudges the source.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The rechunker is disposed in PostStopAsync, the actor's end of life.")]
internal sealed class SourceActor<T> : IActor
    where T : unmanaged
{
    private const int FramesPerTurn = 64;

    private readonly IAsyncEnumerable<Frame<T>> _frames;
    private readonly ConsumerRuntime[] _runtimes;
    private readonly IActorRef[] _actors;
    private readonly RechunkConsumer<T>[] _consumers;
    private readonly Rechunker<T> _rechunker;
    private readonly PipelineContext _pipeline;
    private readonly Action<long> _onFramesRead;
    private readonly Action _onEnded;
    private readonly long[] _chunksDropped;
    private IAsyncEnumerator<Frame<T>>? _enumerator;
    private long _framesRead;
    private long _framesPublished;
    private SourceId _source;
    private DateTimeOffset _newest;
    private bool _ended;

    public SourceActor(IAsyncEnumerable<Frame<T>> frames, ConsumerRuntime[] runtimes, PipelineContext pipeline, Action<long> onFramesRead, Action onEnded)
    {
        _frames = frames;
        _runtimes = runtimes;
        _pipeline = pipeline;
        _onFramesRead = onFramesRead;
        _onEnded = onEnded;
        _actors = new IActorRef[runtimes.Length];
        var options = new KeyValuePair<string, RechunkOptions>[runtimes.Length];
        for (var i = 0; i < runtimes.Length; i++)
        {
            _actors[i] = runtimes[i].Actor ?? throw new InvalidOperationException($"Consumer '{runtimes[i].Name}' has no actor yet.");
            options[i] = KeyValuePair.Create(runtimes[i].Name, runtimes[i].Options.Chunking);
        }

        _rechunker = new Rechunker<T>(options, pipeline.LoggerFactory.CreateLogger("ActorFrames.Rechunking"));
        _consumers = [.. _rechunker.Consumers];
        _chunksDropped = new long[runtimes.Length];
    }

    /// <inheritdoc />
    public ValueTask PreStartAsync(IActorContext context)
    {
        _enumerator = _frames.GetAsyncEnumerator(_pipeline.Stopping);
        context.Self.Tell(ReadNext.Instance);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        ReadNext => ReadAsync(context),
        DrainRequested => _ended ? ValueTask.CompletedTask : HandOverAsync(final: false),
        _ => throw new InvalidOperationException($"The source actor got an unexpected {context.Message.GetType().Name}."),
    };

    /// <inheritdoc />
    public async ValueTask PostStopAsync(IActorContext context)
    {
        if (_enumerator is not null)
        {
            await _enumerator.DisposeAsync().ConfigureAwait(false);
        }

        _rechunker.Dispose();
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
            if (_pipeline.Stopping.IsCancellationRequested)
            {
                // Also stops a source that ignores its cancellation token.
                more = false;
            }
            else
            {
                try
                {
                    var next = enumerator.MoveNextAsync();
                    more = next.IsCompletedSuccessfully ? next.Result : await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_pipeline.IsStopRequested)
                {
                    // A source bound to the run's token or to the caller's ends when either stops the run.
                    more = false;
                }
            }

            if (!more)
            {
                await EndAsync().ConfigureAwait(false);
                return;
            }

            var frame = enumerator.Current;
            _framesRead++;
            _source = frame.Source;
            _newest = frame.Timestamp;
            try
            {
                _rechunker.Write(frame);
            }
            finally
            {
                frame.Release();
            }

            if (_rechunker.Count > 0)
            {
                var handed = HandOverAsync(final: false);
                if (!handed.IsCompletedSuccessfully)
                {
                    await handed.ConfigureAwait(false);
                }
            }
        }

        Publish();
        context.Self.Tell(ReadNext.Instance);
    }

    private ValueTask HandOverAsync(bool final)
    {
        for (var c = 0; c < _consumers.Length; c++)
        {
            var runtime = _runtimes[c];
            var bounded = !final && runtime.Options.Overflow == ConsumerOverflow.DropOldest;
            while ((!bounded || runtime.Outstanding < runtime.Options.EffectiveMaxInFlight) && _consumers[c].TryRead(out var chunk))
            {
                runtime.OnChunkHandedOver();
                var sent = _actors[c].SendAsync(chunk, null, CancellationToken.None);
                if (!sent.IsCompletedSuccessfully)
                {
                    return HandOverRestAsync(sent, final);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask HandOverRestAsync(ValueTask sent, bool final)
    {
        await sent.ConfigureAwait(false);
        await HandOverAsync(final).ConfigureAwait(false);
    }

    private async ValueTask EndAsync()
    {
        _ended = true;
        _rechunker.Complete();
        await HandOverAsync(final: true).ConfigureAwait(false);
        Publish();
        foreach (var actor in _actors)
        {
            await actor.SendAsync(EndOfStream.Instance, null, CancellationToken.None).ConfigureAwait(false);
        }

        _onEnded();
    }

    private void Publish()
    {
        _onFramesRead(_framesRead);
        ActorFramesMetrics.RecordFramesIn(_source, _framesRead - _framesPublished);
        _framesPublished = _framesRead;
        for (var c = 0; c < _consumers.Length; c++)
        {
            var statistics = _consumers[c].Statistics;
            _runtimes[c].OnFrame(_newest, statistics.FramesWritten, statistics.FramesDropped, statistics.ChunksDropped);
            if (statistics.ChunksDropped > _chunksDropped[c])
            {
                ActorFramesMetrics.RecordChunksDropped(_runtimes[c].Name, statistics.ChunksDropped - _chunksDropped[c]);
                _chunksDropped[c] = statistics.ChunksDropped;
            }
        }
    }
}

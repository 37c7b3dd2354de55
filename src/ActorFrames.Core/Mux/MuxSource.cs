using System.Collections.Immutable;
using System.Threading.Channels;
using ActorFrames.Actors;
using ActorFrames.Frames;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Mux;

/// <summary>
/// A stochastic mux over live, restartable frame sources, run by a supervisor actor, as one stream of frames: the
/// source of a pipeline (<c>Pipeline.From(new MuxSource&lt;float&gt;(system, streams, options))</c>) or of any
/// <c>await foreach</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// <para>Each enumeration starts its own supervisor in <see cref="ActorSystem"/>: it keeps
/// <see cref="StochasticMuxOptions.ActiveCount"/> streams active with random budgets, replaces a stream whose budget
/// is spent or which ended, restarts a failing stream after an exponential back-off and prunes it past the restart
/// limit. The frames come out re-stamped as one stream named <see cref="MuxSupervisorOptions.SourceId"/> with a
/// gapless sequence (their timestamps are kept); every stream must share one channel count and rate.</para>
/// <para>The enumeration ends when every stream is exhausted or pruned. Disposing the enumerator early stops the
/// supervisor and its stream actors and waits (at most the system's shutdown timeout) until they have stopped.</para>
/// <para>Each frame yielded passes one reference to the caller, who releases it (a pipeline does).</para>
/// </remarks>
public sealed class MuxSource<T> : IAsyncEnumerable<Frame<T>>
    where T : unmanaged
{
    private readonly ActorSystem _system;
    private readonly ImmutableArray<Streamer<Frame<T>>> _streams;
    private readonly MuxSupervisorOptions _options;
    private readonly IActorRef[] _subscribers;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Initializes a mux source; validates everything here.</summary>
    /// <param name="system">The actor system that runs the supervisor and whose clock times the restarts.</param>
    /// <param name="streams">The restartable streams (each activation is a fresh iteration); at least one.</param>
    /// <param name="options">The settings, copied here (later changes have no effect).</param>
    /// <param name="subscribers">
    /// Actors told every <see cref="StreamActivated"/>, <see cref="StreamRetired"/>, <see cref="StreamRestarted"/>,
    /// <see cref="StreamPruned"/> and <see cref="MuxCompleted"/> event; none when null.
    /// </param>
    /// <param name="loggerFactory">Where to log; the system's logger factory when null.</param>
    /// <exception cref="ArgumentException">There are no streams, one is null, or a setting is invalid (the message names it, its value and the rule).</exception>
    public MuxSource(
        ActorSystem system,
        IEnumerable<Streamer<Frame<T>>> streams,
        MuxSupervisorOptions options,
        IEnumerable<IActorRef>? subscribers = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var (captured, _, snapshot) = MuxSupervisorActor<T>.Capture(streams, options);
        _system = system;
        _streams = captured;
        _options = snapshot;
        _subscribers = subscribers is null ? [] : [.. subscribers];
        if (Array.IndexOf(_subscribers, null) >= 0)
        {
            throw new ArgumentException("The subscribers must not contain null references.", nameof(subscribers));
        }

        _loggerFactory = loggerFactory ?? system.Options.LoggerFactory;
    }

    /// <summary>Gets the multiplexed streams.</summary>
    public ImmutableArray<Streamer<Frame<T>>> Streams => _streams;

    /// <summary>Starts a supervisor and reads the merged frames it emits.</summary>
    /// <param name="cancellationToken">Cancels the wait for the next frame (the supervisor is stopped on the way out).</param>
    /// <returns>The enumerator.</returns>
    public async IAsyncEnumerator<Frame<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<Frame<T>>(new BoundedChannelOptions(_options.FramesInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var abandoned = new CancellationTokenSource();
        var streams = _streams;
        var options = _options;
        var subscribers = _subscribers;
        var loggerFactory = _loggerFactory;
        var writer = channel.Writer;
        var token = abandoned.Token;
        var owner = _system.Spawn(
            Props.Create(() => new MuxSourceActor<T>(
                    consumer => MuxSupervisorActor<T>.CreateProps(streams, options, [consumer], subscribers, loggerFactory, token), writer, stopped, token))
                .WithMailbox(MailboxOptions.Bounded(_options.FramesInFlight, OverflowPolicy.Backpressure))
                .WithSupervisorStrategy(SupervisorStrategy.OneForOne(
                    error =>
                    {
                        // The supervisor failed (not a source: those it handles itself); the reader gets the error.
                        writer.TryComplete(error);
                        return Directive.Stop;
                    },
                    maxRetries: 0)),
            $"mux-{_options.SourceId}-{Guid.NewGuid():N}");
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var frame))
                {
                    yield return frame;
                }
            }
        }
        finally
        {
            await abandoned.CancelAsync().ConfigureAwait(false);
            channel.Writer.TryComplete();
            _system.Stop(owner);
            while (channel.Reader.TryRead(out var left))
            {
                left.Release();
            }

            // Bounded on the real clock, like the system's own shutdown: a source that ignores cancellation cannot hang disposal.
            await stopped.Task.WaitAsync(_system.Options.ShutdownTimeout, TimeProvider.System, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}

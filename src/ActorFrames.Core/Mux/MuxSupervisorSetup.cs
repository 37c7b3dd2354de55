using System.Collections.Immutable;
using ActorFrames.Actors;
using ActorFrames.Frames;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Mux;

/// <summary>The validated, immutable inputs of a mux supervisor: its streams, its sampling plan and a copy of its settings.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Streams">The restartable streams.</param>
/// <param name="Plan">The sampling plan for that many streams.</param>
/// <param name="Options">A private copy of the settings (nobody changes it).</param>
internal sealed record MuxSupervisorSetup<T>(ImmutableArray<Streamer<Frame<T>>> Streams, MuxPlan Plan, MuxSupervisorOptions Options)
    where T : unmanaged
{
    /// <summary>Validates the streams and settings and copies them.</summary>
    /// <param name="streams">The streams; at least one, none null.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The setup.</returns>
    /// <exception cref="ArgumentException">A stream is null, there are none, or a setting is invalid (the message names it, its value and the rule).</exception>
    public static MuxSupervisorSetup<T> Create(IEnumerable<Streamer<Frame<T>>> streams, MuxSupervisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(streams);
        MuxSupervisorOptionsValidator.ThrowIfInvalid(options, nameof(options));
        ImmutableArray<Streamer<Frame<T>>> captured = [.. streams];
        if (captured.IsEmpty)
        {
            throw new ArgumentException("The stream collection is empty; a mux needs at least one stream.", nameof(streams));
        }

        for (int i = 0; i < captured.Length; i++)
        {
            if (captured[i] is null)
            {
                throw new ArgumentException($"Stream {i} is null; every stream must be a Streamer.", nameof(streams));
            }
        }

        var plan = MuxPlan.Create(options.Mux, captured.Length, nameof(options));
        var mux = options.Mux;
        var copy = new MuxSupervisorOptions
        {
            Mux = new StochasticMuxOptions
            {
                ActiveCount = mux.ActiveCount,
                Rate = mux.Rate,
                Weights = mux.Weights is null ? null : [.. mux.Weights],
                Mode = mux.Mode,
                Distribution = mux.Distribution,
                PruneEmpty = mux.PruneEmpty,
                Seed = mux.Seed,
            },
            SourceId = options.SourceId,
            MaxRestarts = options.MaxRestarts,
            RestartWindow = options.RestartWindow,
            BackoffMin = options.BackoffMin,
            BackoffMax = options.BackoffMax,
            BackoffJitter = options.BackoffJitter,
            FramesInFlight = options.FramesInFlight,
        };
        return new MuxSupervisorSetup<T>(captured, plan, copy);
    }

    /// <summary>Props of a supervisor over this setup.</summary>
    /// <param name="consumers">Where the merged frames go (each gets every frame and, at the end, the pipeline's end-of-stream message).</param>
    /// <param name="subscribers">Who is told the activation, retirement, restart, prune and completion events.</param>
    /// <param name="loggerFactory">Where to log.</param>
    /// <param name="stopping">Cancelled when the consumers are gone (see <see cref="MuxSupervisorActor{T}.CreateProps"/>).</param>
    /// <returns>The props (its children that fail outside their source are stopped, and count as failures of their stream).</returns>
    public Props CreateProps(IEnumerable<IActorRef> consumers, IEnumerable<IActorRef> subscribers, ILoggerFactory loggerFactory, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(consumers);
        ArgumentNullException.ThrowIfNull(subscribers);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        IActorRef[] consumerArray = [.. consumers];
        IActorRef[] subscriberArray = [.. subscribers];
        if (Array.IndexOf(consumerArray, null) >= 0 || Array.IndexOf(subscriberArray, null) >= 0)
        {
            throw new ArgumentException("The consumers and subscribers must not contain null references.", nameof(consumers));
        }

        var logger = loggerFactory.CreateLogger<MuxSupervisorActor<T>>();
        return Props.Create(() => new MuxSupervisorActor<T>(this, new MuxOutput<T>(Options.SourceId, consumerArray, stopping), subscriberArray, logger))
            .WithSupervisorStrategy(SupervisorStrategy.OneForOne(static _ => Directive.Stop, maxRetries: 0));
    }
}

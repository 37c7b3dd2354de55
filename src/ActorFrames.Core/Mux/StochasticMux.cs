using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace ActorFrames.Mux;

/// <summary>
/// Interleaves items from a bounded, changing set of active streams: keeps <see cref="StochasticMuxOptions.ActiveCount"/>
/// streams active, gives each activation a random budget, samples the active streams in proportion to their weights,
/// and replaces a stream when its budget is spent or it ends (pescador's StochasticMux).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// <para>Each activation is a fresh iteration of its stream, closed before the slot is refilled. The budget is an
/// upper bound: a shorter stream is replaced when it ends. Every mode ends when all streams are empty (pescador
/// can spin forever there); with <see cref="StochasticMuxMode.WithReplacement"/> or
/// <see cref="StochasticMuxMode.SingleActive"/> and non-empty streams the mux is infinite, so bound it with
/// <see cref="Streamer{T}.WithMaxItems"/>.</para>
/// <para>With a seed, a nested seeded mux replays the same sequence on each of its activations; leave inner seeds
/// unset when that is not wanted.</para>
/// </remarks>
public sealed class StochasticMux<T> : Streamer<T>
{
    private readonly ImmutableArray<Streamer<T>> _streams;
    private readonly MuxPlan _plan;
    private readonly bool _synchronous;

    /// <summary>Initializes a stochastic mux.</summary>
    /// <param name="streams">The streams; at least one.</param>
    /// <param name="options">The settings, validated and copied here (later changes to the object have no effect).</param>
    /// <exception cref="ArgumentException">The streams are empty or hold null, or a setting is invalid (the message names it, its value and the rule).</exception>
    public StochasticMux(IEnumerable<Streamer<T>> streams, StochasticMuxOptions options)
    {
        _streams = CaptureStreams(streams, nameof(streams));
        _plan = MuxPlan.Create(options, _streams.Length, nameof(options));
        _synchronous = AllSynchronous(_streams);
    }

    /// <inheritdoc />
    public override bool IsSynchronous => _synchronous;

    /// <summary>Gets the multiplexed streams.</summary>
    public ImmutableArray<Streamer<T>> Streams => _streams;

    internal MuxPlan Plan => _plan;

    /// <summary>Creates the scheduler of one iteration (seeded from the plan, or freshly when it has no seed).</summary>
    /// <returns>The scheduler.</returns>
    internal MuxScheduler CreateScheduler() => new(_plan, new Random(_plan.Seed ?? Random.Shared.Next()));

    internal override IAsyncEnumerator<T> OpenAsync(CancellationToken cancellationToken) =>
        RunAsync(_streams, CreateScheduler(), cancellationToken).GetAsyncEnumerator(cancellationToken);

    internal override IEnumerator<T> OpenSync() => Run(_streams, CreateScheduler()).GetEnumerator();

    /// <summary>Runs a scheduler over synchronous streams.</summary>
    /// <param name="streams">The streams the scheduler's indices refer to.</param>
    /// <param name="scheduler">A fresh scheduler.</param>
    /// <returns>The multiplexed items.</returns>
    internal static IEnumerable<T> Run(ImmutableArray<Streamer<T>> streams, MuxScheduler scheduler)
    {
        var open = new IEnumerator<T>?[scheduler.SlotCount];
        try
        {
            while (true)
            {
                while (scheduler.TryActivateNext(out MuxActivation activation))
                {
                    open[activation.Slot] = streams[activation.Stream].OpenSync();
                }

                int slot = scheduler.NextSlot();
                if (slot < 0)
                {
                    yield break;
                }

                IEnumerator<T> iteration = open[slot]!;
                if (iteration.MoveNext())
                {
                    T item = iteration.Current;
                    if (scheduler.RecordItem(slot))
                    {
                        open[slot] = null;
                        iteration.Dispose();
                        scheduler.Retire(slot, MuxRetireReason.BudgetSpent);
                    }

                    yield return item;
                }
                else
                {
                    open[slot] = null;
                    iteration.Dispose();
                    scheduler.Retire(slot, MuxRetireReason.Exhausted);
                }
            }
        }
        finally
        {
            foreach (IEnumerator<T>? iteration in open)
            {
                iteration?.Dispose();
            }
        }
    }

    /// <summary>Runs a scheduler over streams of any kind.</summary>
    /// <param name="streams">The streams the scheduler's indices refer to.</param>
    /// <param name="scheduler">A fresh scheduler.</param>
    /// <param name="cancellationToken">Cancels the iteration.</param>
    /// <returns>The multiplexed items.</returns>
    internal static async IAsyncEnumerable<T> RunAsync(
        ImmutableArray<Streamer<T>> streams, MuxScheduler scheduler, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var open = new IAsyncEnumerator<T>?[scheduler.SlotCount];
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (scheduler.TryActivateNext(out MuxActivation activation))
                {
                    open[activation.Slot] = streams[activation.Stream].OpenAsync(cancellationToken);
                }

                int slot = scheduler.NextSlot();
                if (slot < 0)
                {
                    yield break;
                }

                IAsyncEnumerator<T> iteration = open[slot]!;
                if (await iteration.MoveNextAsync().ConfigureAwait(false))
                {
                    T item = iteration.Current;
                    if (scheduler.RecordItem(slot))
                    {
                        open[slot] = null;
                        await iteration.DisposeAsync().ConfigureAwait(false);
                        scheduler.Retire(slot, MuxRetireReason.BudgetSpent);
                    }

                    yield return item;
                }
                else
                {
                    open[slot] = null;
                    await iteration.DisposeAsync().ConfigureAwait(false);
                    scheduler.Retire(slot, MuxRetireReason.Exhausted);
                }
            }
        }
        finally
        {
            foreach (IAsyncEnumerator<T>? iteration in open)
            {
                if (iteration is not null)
                {
                    await iteration.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}

using System.Collections.Immutable;

namespace ActorFrames.Mux;

/// <summary>
/// Keeps every stream active and samples them in proportion to their weights, restarting a finite stream when it
/// ends (pescador's ShuffledMux). A stream whose iteration yields nothing is dropped, so the mux ends once every
/// stream is empty; otherwise it is infinite, so bound it with <see cref="Streamer{T}.WithMaxItems"/>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ShuffledMux<T> : Streamer<T>
{
    private readonly StochasticMux<T> _mux;

    /// <summary>Initializes a shuffled mux.</summary>
    /// <param name="streams">The streams; at least one.</param>
    /// <param name="weights">One non-negative weight per stream (normalised, at least one positive), or null for equal weights.</param>
    /// <param name="seed">The seed of the random choices (same seed, same sequence on every iteration), or null for a fresh one per iteration.</param>
    /// <exception cref="ArgumentException">The streams are empty or hold null, or the weights are invalid.</exception>
    public ShuffledMux(IEnumerable<Streamer<T>> streams, IReadOnlyList<double>? weights = null, int? seed = null)
    {
        ImmutableArray<Streamer<T>> captured = CaptureStreams(streams, nameof(streams));
        if (StochasticMuxOptionsValidator.DescribeWeightProblem(weights, captured.Length) is { } weightProblem)
        {
            throw new ArgumentException($"Invalid weights for {nameof(ShuffledMux<T>)}: {weightProblem}", nameof(weights));
        }

        // All streams active, each at most once, no budget, empty iterations pruned: exactly ShuffledMux.
        _mux = new StochasticMux<T>(captured, new StochasticMuxOptions
        {
            ActiveCount = captured.Length,
            Rate = null,
            Weights = weights,
            Mode = StochasticMuxMode.SingleActive,
            PruneEmpty = true,
            Seed = seed,
        });
    }

    /// <inheritdoc />
    public override bool IsSynchronous => _mux.IsSynchronous;

    internal override IAsyncEnumerator<T> OpenAsync(CancellationToken cancellationToken) => _mux.OpenAsync(cancellationToken);

    internal override IEnumerator<T> OpenSync() => _mux.OpenSync();
}

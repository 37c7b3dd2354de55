using System.Collections.Immutable;

namespace ActorFrames.Handlers;

/// <summary>
/// What the <c>oasis-totals</c> handlers return for one chunk of whole OASIS events: one entry per run of consecutive
/// records of the same event, in stream order. An event whose records lie in several chunks (or several inputs) has
/// an entry in each; add them with <see cref="OasisEventTotal.Add"/>.
/// </summary>
/// <param name="Events">The per-event sums.</param>
public sealed record OasisTotalsResult(ImmutableArray<OasisEventTotal> Events);

namespace ActorFrames.Handlers;

/// <summary>
/// The loss sums of one OASIS event over some of its records (those in one chunk, or all of them once merged with
/// <see cref="Add"/>). Sums, not means, so that partial totals from different chunks and inputs add up exactly.
/// </summary>
/// <param name="EventId">The event id.</param>
/// <param name="Records">The number of item or summary records counted.</param>
/// <param name="SampleLossSum">
/// The sum over those records of every loss with a normal sample id (sidx ≥ 1); divided by len_sample it is the mean
/// over samples of the event's total loss.
/// </param>
/// <param name="MeanLossSum">The sum over those records of the mean loss (sidx −1); 0 when <paramref name="HasMeanLoss"/> is false.</param>
/// <param name="HasMeanLoss">Whether at least one of the records carries a mean loss (sidx −1).</param>
public readonly record struct OasisEventTotal(int EventId, int Records, double SampleLossSum, double MeanLossSum, bool HasMeanLoss)
{
    /// <summary>Adds the sums of another part of the same event.</summary>
    /// <param name="other">Totals of the same event from other records.</param>
    /// <returns>The combined totals.</returns>
    /// <exception cref="ArgumentException"><paramref name="other"/> belongs to another event.</exception>
    public OasisEventTotal Add(OasisEventTotal other)
    {
        if (other.EventId != EventId)
        {
            throw new ArgumentException($"Totals of event {other.EventId} cannot be added to totals of event {EventId}.", nameof(other));
        }

        return new OasisEventTotal(EventId, checked(Records + other.Records), SampleLossSum + other.SampleLossSum, MeanLossSum + other.MeanLossSum, HasMeanLoss || other.HasMeanLoss);
    }
}

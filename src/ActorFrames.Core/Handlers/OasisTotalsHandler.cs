using System.Collections.Immutable;
using ActorFrames.Frames;
using ActorFrames.Sources.Oasis;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// Sums the losses of each event in a chunk of whole OASIS records (as an <see cref="OasisSource"/> frame holds them):
/// per event, the records, the losses of normal samples (sidx ≥ 1) and the mean losses (sidx −1). Other special sample
/// ids (standard deviation, exposure, chance of loss, maximum) are not summed. Stateless: one instance serves every worker.
/// </summary>
/// <param name="streamType">The stream type, which fixes the record header (summary records carry an exposure value).</param>
internal sealed class OasisTotalsHandler(OasisStreamType streamType) : IChunkHandler<byte, OasisTotalsResult>
{
    /// <inheritdoc />
    public ValueTask<OasisTotalsResult> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return ValueTask.FromResult(Compute(chunk.Span, streamType));
    }

    /// <summary>Sums the records in <paramref name="events"/>.</summary>
    /// <param name="events">Whole records, each ended by (0, 0).</param>
    /// <param name="streamType">The stream type.</param>
    /// <returns>One entry per run of records of the same event.</returns>
    /// <exception cref="Sources.SourceFormatException">The bytes are not whole records.</exception>
    internal static OasisTotalsResult Compute(ReadOnlySpan<byte> events, OasisStreamType streamType)
    {
        var totals = ImmutableArray.CreateBuilder<OasisEventTotal>();
        var reader = new OasisRecordReader(events, streamType);
        var current = default(OasisEventTotal);
        while (reader.TryRead(out var record, out var samples))
        {
            double sampleSum = 0;
            double meanSum = 0;
            var hasMean = false;
            foreach (var sample in samples)
            {
                if (sample.SampleId > 0)
                {
                    sampleSum += sample.Loss;
                }
                else if (sample.SampleId == OasisSampleIds.Mean)
                {
                    meanSum += sample.Loss;
                    hasMean = true;
                }
            }

            // Event ids are positive, so a zero id marks "no event yet".
            if (record.EventId != current.EventId)
            {
                if (current.EventId != 0)
                {
                    totals.Add(current);
                }

                current = new OasisEventTotal(record.EventId, 0, 0, 0, false);
            }

            current = new OasisEventTotal(current.EventId, current.Records + 1, current.SampleLossSum + sampleSum, current.MeanLossSum + meanSum, current.HasMeanLoss || hasMean);
        }

        if (current.EventId != 0)
        {
            totals.Add(current);
        }

        return new OasisTotalsResult(totals.DrainToImmutable());
    }
}

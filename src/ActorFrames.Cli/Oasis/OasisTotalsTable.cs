using System.Globalization;
using ActorFrames.Handlers;

namespace ActorFrames.Cli.Oasis;

/// <summary>
/// Merges the per-chunk sums of the <c>oasis-totals</c> handler into one row per event and writes them as CSV:
/// <c>event_id,records,sample_mean_loss,mean_loss</c>, ordered by event id. sample_mean_loss is the event's summed
/// normal-sample losses divided by len_sample (a sample a record omits counts as zero loss); mean_loss is the sum of
/// the records' sidx −1 losses, empty when no record carries one.
/// </summary>
/// <param name="sampleCount">len_sample from the stream header.</param>
internal sealed class OasisTotalsTable(int sampleCount)
{
    /// <summary>The CSV header row.</summary>
    public const string Header = "event_id,records,sample_mean_loss,mean_loss";

    private readonly Dictionary<int, OasisEventTotal> _events = [];

    /// <summary>Gets the number of distinct events seen.</summary>
    public int EventCount => _events.Count;

    /// <summary>Gets the number of records seen over all events.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Gets the number of chunk results added.</summary>
    public long ChunkCount { get; private set; }

    /// <summary>Adds one chunk's sums.</summary>
    /// <param name="result">The handler's result.</param>
    public void Add(OasisTotalsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ChunkCount++;
        foreach (var total in result.Events)
        {
            _events[total.EventId] = _events.TryGetValue(total.EventId, out var seen) ? seen.Add(total) : total;
            RecordCount += total.Records;
        }
    }

    /// <summary>Writes the header row and one row per event, by ascending event id.</summary>
    /// <param name="output">Where the CSV goes.</param>
    public void WriteCsv(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Header);
        output.Write('\n');
        var ids = new int[_events.Count];
        _events.Keys.CopyTo(ids, 0);
        Array.Sort(ids);
        foreach (var id in ids)
        {
            var total = _events[id];
            var sampleMean = sampleCount > 0 ? (total.SampleLossSum / sampleCount).ToString("0.######", CultureInfo.InvariantCulture) : string.Empty;
            var mean = total.HasMeanLoss ? total.MeanLossSum.ToString("0.######", CultureInfo.InvariantCulture) : string.Empty;
            output.Write(string.Create(CultureInfo.InvariantCulture, $"{id},{total.Records},{sampleMean},{mean}\n"));
        }
    }
}

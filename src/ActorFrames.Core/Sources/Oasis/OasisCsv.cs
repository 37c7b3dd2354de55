using System.Globalization;

namespace ActorFrames.Sources.Oasis;

/// <summary>
/// Converts between item loss streams and the OASIS csv form (event_id,item_id,sidx,loss, one row per pair; the loss
/// printed with two decimals), as OasisLMF's converters do. Internal: used by the command line and the tests.
/// </summary>
internal static class OasisCsv
{
    /// <summary>Writes the rows of <paramref name="csv"/> as item records: consecutive rows of one (event, item) form one record.</summary>
    /// <param name="csv">The csv text, starting with its header line.</param>
    /// <param name="name">The csv's name for error messages.</param>
    /// <param name="writer">The stream writer (an item stream).</param>
    /// <param name="cancellationToken">Cancels the conversion.</param>
    /// <returns>The number of rows converted.</returns>
    /// <exception cref="FormatException">A line is not four numbers; the message names the line.</exception>
    public static async Task<long> WriteItemsAsync(TextReader csv, string name, OasisStreamWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(writer);
        _ = await csv.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var samples = new List<OasisSample>();
        int eventId = 0, itemId = 0;
        long rows = 0, line = 1;
        while (await csv.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var (e, i, s, loss) = ParseRow(text, name, line);
            if ((e, i) != (eventId, itemId) && samples.Count > 0)
            {
                await writer.WriteItemAsync(eventId, itemId, samples.ToArray(), cancellationToken).ConfigureAwait(false);
                samples.Clear();
            }

            (eventId, itemId) = (e, i);
            samples.Add(new OasisSample(s, loss));
            rows++;
        }

        if (samples.Count > 0)
        {
            await writer.WriteItemAsync(eventId, itemId, samples.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        return rows;
    }

    /// <summary>Appends one csv row per (sidx, loss) pair of the records in <paramref name="events"/>.</summary>
    /// <param name="events">Whole events as an <see cref="OasisSource"/> frame holds them.</param>
    /// <param name="streamType">The stream type.</param>
    /// <param name="output">Where the rows go.</param>
    public static void AppendRows(ReadOnlySpan<byte> events, OasisStreamType streamType, TextWriter output)
    {
        var reader = new OasisRecordReader(events, streamType);
        while (reader.TryRead(out var record, out var samples))
        {
            foreach (var sample in samples)
            {
                output.Write(string.Create(CultureInfo.InvariantCulture, $"{record.EventId},{record.Id},{sample.SampleId},{sample.Loss:F2}\n"));
            }
        }
    }

    private static (int EventId, int ItemId, int SampleId, float Loss) ParseRow(string text, string name, long line)
    {
        var span = text.AsSpan();
        Span<Range> fields = stackalloc Range[5];
        var count = span.Split(fields, ',');
        if (count != 4
            || !int.TryParse(span[fields[0]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var e)
            || !int.TryParse(span[fields[1]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(span[fields[2]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            || !float.TryParse(span[fields[3]], NumberStyles.Float, CultureInfo.InvariantCulture, out var loss))
        {
            throw new FormatException($"{name} line {line}: expected event_id,item_id,sidx,loss (three integers and a number) but found '{text}'.");
        }

        return (e, i, s, loss);
    }
}

using System.Buffers.Binary;
using System.Globalization;
using ActorFrames.Sources.Oasis;

namespace ActorFrames.Tests.Commands;

[Trait("Category", "Integration")]
public sealed class OasisCommandTests : IDisposable
{
    private const string Guls = "test_converters_misc_raw_guls";
    private const string Ils = "test_converters_misc_raw_ils";
    private const string SummaryGul = "test_summarypy_gul";
    private const string SummaryIl = "test_summarypy_il";
    private const string SummaryRi = "test_summarypy_ri";
    private const string SummaryOfGul = "test_summarypy_single_summary_set_gul_S1_summary";

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);
    private readonly string _folder = Directory.CreateTempSubdirectory("actorframes-oasis-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(Guls)]
    [InlineData(Ils)]
    public async Task Oasis_CsvFixture_WritesTheTotalsOfTheMatchingCsv(string name)
    {
        using var cli = CliProcess.Start(_folder, "oasis", Fixture(name, ".bin"), "--output", "totals.csv", "--workers", "2");

        var exit = await cli.WaitAsync(s_timeout);

        Assert.True(exit == 0, $"exit {exit}\n{cli.Output}\n{cli.Error}");
        var expected = FromCsv(SampleCountOf(name), name);
        AssertTotals(expected, File.ReadAllText(Path.Combine(_folder, "totals.csv")));
        Assert.Contains($"{expected.Count} events", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oasis_TwoInputs_AddsEachEventOverBothStreams()
    {
        using var cli = CliProcess.Start(_folder, "oasis", Fixture(Guls, ".bin"), Fixture(Ils, ".bin"));

        var exit = await cli.WaitAsync(s_timeout);

        Assert.True(exit == 0, $"exit {exit}\n{cli.Error}");
        AssertTotals(FromCsv(SampleCountOf(Guls), Guls, Ils), cli.Output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Oasis_StandardInput_WritesTheTotalsOfTheStream(bool dash)
    {
        string[] arguments = dash ? ["oasis", "-"] : ["oasis"];
        using var cli = CliProcess.StartWithInput(_folder, File.ReadAllBytes(Fixture(Ils, ".bin")), arguments);

        var exit = await cli.WaitAsync(s_timeout);

        Assert.True(exit == 0, $"exit {exit}\n{cli.Error}");
        AssertTotals(FromCsv(SampleCountOf(Ils), Ils), cli.Output);
    }

    [Fact]
    public async Task Oasis_ThreeStreamsInSmallChunksOnThreeWorkers_MatchesAPlainReadingAndCutsOneChunkPerEvent()
    {
        string[] names = [SummaryGul, SummaryIl, SummaryRi];
        using var cli = CliProcess.Start(_folder, ["oasis", .. names.Select(n => Fixture(n, ".bin")), "--chunk-bytes", "64", "--workers", "3", "-o", "totals.csv"]);

        var exit = await cli.WaitAsync(s_timeout);

        Assert.True(exit == 0, $"exit {exit}\n{cli.Output}\n{cli.Error}");
        var expected = FromBinaries(names);
        AssertTotals(expected, File.ReadAllText(Path.Combine(_folder, "totals.csv")));

        // Every event of these streams is larger than 64 bytes, so each input's events arrive as chunks of one event.
        var chunks = names.Sum(n => FromBinaries(n).Count);
        Assert.Contains($"{chunks} chunks", cli.Output, StringComparison.Ordinal);
        Assert.True(chunks > 3, $"the fixtures should hold several events per stream, found {chunks} in all");
    }

    [Fact]
    public async Task Oasis_ManyEventsInSmallChunksOnFourWorkers_WritesTheTotalsOfTheWrittenLosses()
    {
        const int SampleCount = 5;
        var random = new Random(7);
        var expected = new Dictionary<int, Expected>();
        var path = Path.Combine(_folder, "generated.bin");
        var writer = new OasisStreamWriter(File.Create(path), new OasisStreamHeader(OasisStreamType.Loss, OasisStreamHeader.ItemAggregation, SampleCount));
        await using (writer)
        {
            for (var e = 1; e <= 400; e++)
            {
                var items = random.Next(1, 6);
                double sum = 0, mean = 0;
                for (var item = 1; item <= items; item++)
                {
                    var itemMean = (float)Math.Round(random.NextDouble() * 100, 2);
                    mean += itemMean;
                    List<OasisSample> pairs = [new(OasisSampleIds.TotalInsuredValue, 1e6f), new(OasisSampleIds.Mean, itemMean)];
                    for (var sidx = 1; sidx <= SampleCount; sidx++)
                    {
                        // OASIS streams leave out zero losses: about a third of the samples are missing.
                        if (random.Next(3) > 0)
                        {
                            var loss = (float)Math.Round(random.NextDouble() * 1000, 2);
                            pairs.Add(new(sidx, loss));
                            sum += loss;
                        }
                    }

                    await writer.WriteItemAsync(3 * e, item, pairs.ToArray());
                }

                expected[3 * e] = new Expected(items, sum / SampleCount, mean);
            }
        }

        using var cli = CliProcess.Start(_folder, "oasis", path, "--chunk-bytes", "256", "--workers", "4", "--output", "totals.csv");
        var exit = await cli.WaitAsync(s_timeout);

        Assert.True(exit == 0, $"exit {exit}\n{cli.Output}\n{cli.Error}");
        AssertTotals(expected, File.ReadAllText(Path.Combine(_folder, "totals.csv")));
        Assert.Contains("400 events", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oasis_SummaryStream_GivesTheTotalsOfTheGroundUpLossesItSummarises()
    {
        using var summary = CliProcess.Start(_folder, "oasis", Fixture(SummaryOfGul, ".bin"));
        using var items = CliProcess.Start(_folder, "oasis", Fixture(SummaryGul, ".bin"));

        var summaryExit = await summary.WaitAsync(s_timeout);
        var itemsExit = await items.WaitAsync(s_timeout);

        Assert.True(summaryExit == 0 && itemsExit == 0, $"exits {summaryExit}, {itemsExit}\n{summary.Error}\n{items.Error}");
        AssertTotals(FromBinaries(SummaryOfGul), summary.Output);
        var fromSummary = ParseOutput(summary.Output);
        var fromItems = ParseOutput(items.Output);
        Assert.Equal(fromItems.Keys.Order(), fromSummary.Keys.Order());
        foreach (var (id, row) in fromItems)
        {
            // summarypy wrote float32 sums of the same losses: equal to float precision.
            Assert.Equal(row.SampleMean!.Value, fromSummary[id].SampleMean!.Value, row.SampleMean.Value * 1e-6);
            Assert.Equal(row.Mean!.Value, fromSummary[id].Mean!.Value, row.Mean.Value * 1e-6);
        }
    }

    [Fact]
    public async Task Oasis_TruncatedFile_ExitsOneNamingTheFileAndTheOffsetAndWritesNothing()
    {
        var bytes = File.ReadAllBytes(Fixture(Guls, ".bin"));
        var truncated = Path.Combine(_folder, "truncated.bin");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 3)]);

        using var cli = CliProcess.Start(_folder, "oasis", truncated, "--output", "totals.csv");
        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(1, exit);
        var error = Assert.Single(cli.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Records and pairs are 8-byte units after the 8-byte header: the cut one starts at the last multiple of 8.
        Assert.Contains($"{truncated}, byte offset {(bytes.Length - 3) / 8 * 8}", error, StringComparison.Ordinal);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "totals.csv")), "no CSV should be written for a malformed stream");
    }

    [Fact]
    public async Task Oasis_TruncatedStandardInput_ExitsOneNamingStdinAndTheOffset()
    {
        var bytes = File.ReadAllBytes(Fixture(Ils, ".bin"));
        using var cli = CliProcess.StartWithInput(_folder, bytes[..101], "oasis");

        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(1, exit);
        Assert.Contains("stdin, byte offset 96", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oasis_MissingFile_ExitsOneNamingIt()
    {
        using var cli = CliProcess.Start(_folder, "oasis", "no-such-stream.bin");

        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(1, exit);
        Assert.Contains("'no-such-stream.bin': no such file", cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--workers", "0", "--workers 0")]
    [InlineData("--chunk-bytes", "10", "--chunk-bytes 10")]
    [InlineData("--bogus", "x.bin", "--bogus")]
    [InlineData("-", "-", "'-' (standard input) may be given only once")]
    public async Task Oasis_BadArgument_ExitsTwoNamingIt(string option, string value, string named)
    {
        using var cli = CliProcess.Start(_folder, "oasis", option, value);

        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(2, exit);
        Assert.Contains(named, cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oasis_Help_DefinesTheColumns()
    {
        using var cli = CliProcess.Start(_folder, "oasis", "--help");

        var exit = await cli.WaitAsync(s_timeout);

        Assert.Equal(0, exit);
        Assert.Contains("event_id,records,sample_mean_loss,mean_loss", cli.Output, StringComparison.Ordinal);
        Assert.Contains("(sum of every loss with sidx >= 1) / len_sample", cli.Output, StringComparison.Ordinal);
        Assert.Contains("--workers", cli.Output, StringComparison.Ordinal);
    }

    private static string Fixture(string name, string extension)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Oasis", name + extension);
        Assert.True(File.Exists(path), $"fixture {path} is missing: the test project links the Core tests' Sources/Oasis/Fixtures to Fixtures/Oasis");
        return path;
    }

    /// <summary>len_sample, read from bytes 4-7 of the stream header.</summary>
    private static int SampleCountOf(string name) => BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(Fixture(name, ".bin")).AsSpan(4));

    /// <summary>The expected totals from the event_id,item_id,sidx,loss rows of the csv fixtures (a record is a run of rows of one item).</summary>
    private static Dictionary<int, Expected> FromCsv(int sampleCount, params string[] names)
    {
        var sums = new Dictionary<int, (int Records, double Samples, double Mean, bool HasMean)>();
        foreach (var name in names)
        {
            (int Event, int Item) previous = default;
            foreach (var line in File.ReadLines(Fixture(name, ".csv")).Skip(1).Where(l => l.Length > 0))
            {
                var f = line.Split(',');
                var (e, item, sidx) = (int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture));
                var loss = double.Parse(f[3], CultureInfo.InvariantCulture);
                var s = sums.GetValueOrDefault(e);
                s.Records += (e, item) != previous ? 1 : 0;
                s.Samples += sidx >= 1 ? loss : 0;
                s.Mean += sidx == -1 ? loss : 0;
                s.HasMean |= sidx == -1;
                sums[e] = s;
                previous = (e, item);
            }
        }

        return sums.ToDictionary(p => p.Key, p => new Expected(p.Value.Records, p.Value.Samples / sampleCount, p.Value.HasMean ? p.Value.Mean : null));
    }

    /// <summary>The expected totals from a plain whole-file reading of the streams (no chunking, no actors).</summary>
    private static Dictionary<int, Expected> FromBinaries(params string[] names)
    {
        var sums = new Dictionary<int, (int Records, double Samples, double Mean, bool HasMean)>();
        var sampleCount = 0;
        foreach (var name in names)
        {
            var b = File.ReadAllBytes(Fixture(name, ".bin"));
            var summary = b[3] == 3;
            sampleCount = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4));
            var p = summary ? 12 : 8;
            while (p < b.Length)
            {
                var e = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(p));
                p += summary ? 12 : 8;
                var s = sums.GetValueOrDefault(e);
                s.Records++;
                while (p < b.Length)
                {
                    var sidx = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(p));
                    var loss = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(p + 4));
                    p += 8;
                    if (sidx == 0)
                    {
                        break;
                    }

                    s.Samples += sidx >= 1 ? loss : 0;
                    s.Mean += sidx == -1 ? loss : 0;
                    s.HasMean |= sidx == -1;
                }

                sums[e] = s;
            }
        }

        return sums.ToDictionary(p => p.Key, p => new Expected(p.Value.Records, p.Value.Samples / sampleCount, p.Value.HasMean ? p.Value.Mean : null));
    }

    private static Dictionary<int, Row> ParseOutput(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("event_id,records,sample_mean_loss,mean_loss", lines[0]);
        var ids = new List<int>();
        var rows = new Dictionary<int, Row>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            Assert.True(f.Length == 4, $"expected four columns in '{line}'");
            var id = int.Parse(f[0], CultureInfo.InvariantCulture);
            ids.Add(id);
            rows.Add(id, new Row(int.Parse(f[1], CultureInfo.InvariantCulture), Number(f[2]), Number(f[3])));
        }

        Assert.Equal(ids.Order(), ids);
        return rows;

        static double? Number(string text) => text.Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);
    }

    private static void AssertTotals(Dictionary<int, Expected> expected, string csv)
    {
        var actual = ParseOutput(csv);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (id, e) in expected)
        {
            var a = actual[id];
            Assert.Equal(e.Records, a.Records);

            // The csv fixtures print losses with two decimals; the output rounds to six.
            var tolerance = (0.005 * e.Records * 10) + 1e-5;
            Assert.Equal(e.SampleMean, a.SampleMean!.Value, tolerance);
            if (e.Mean is { } mean)
            {
                Assert.Equal(mean, a.Mean!.Value, tolerance);
            }
            else
            {
                Assert.Null(a.Mean);
            }
        }
    }

    private sealed record Expected(int Records, double SampleMean, double? Mean);

    private sealed record Row(int Records, double? SampleMean, double? Mean);
}

using System.Buffers.Binary;
using System.Globalization;
using ActorFrames.Frames;
using ActorFrames.Sources;
using ActorFrames.Sources.Oasis;

namespace ActorFrames.Tests.Sources.Oasis;

public sealed class OasisSourceTests
{
    [Theory]
    [InlineData(OasisFixtures.Guls)]
    [InlineData(OasisFixtures.Ils)]
    public async Task WriteItemsAsync_FixtureCsv_ReproducesTheBinaryByteForByte(string name)
    {
        var output = new MemoryStream();
        await using (var writer = new OasisStreamWriter(output, new OasisStreamHeader(OasisStreamType.Loss, OasisStreamHeader.ItemAggregation, 1), leaveOpen: true))
        {
            using var csv = File.OpenText(OasisFixtures.PathOf(name, ".csv"));
            var rows = await OasisCsv.WriteItemsAsync(csv, name, writer, CancellationToken.None);
            Assert.Equal(84, rows);
        }

        Assert.Equal(OasisFixtures.Bytes(name), output.ToArray());
    }

    [Theory]
    [InlineData(OasisFixtures.Guls)]
    [InlineData(OasisFixtures.Ils)]
    public async Task ReadAsync_FixtureBinary_ReadsBackToTheCsvRows(string name)
    {
        var expected = (await File.ReadAllLinesAsync(OasisFixtures.PathOf(name, ".csv")))[1..];

        await using var source = await OasisSource.OpenAsync(OasisFixtures.PathOf(name, ".bin"));
        var rows = new StringWriter(CultureInfo.InvariantCulture);
        while (await source.ReadAsync() is { } frame)
        {
            OasisCsv.AppendRows(frame.Span, source.Header.StreamType, rows);
            frame.Release();
        }

        Assert.Equal(new OasisStreamHeader(OasisStreamType.Loss, 1, 1), source.Header);
        Assert.Equal(expected, rows.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(OasisFixtures.Guls, 1)]
    [InlineData(OasisFixtures.SummaryGul, 2)]
    [InlineData(OasisFixtures.SummaryIl, 2)]
    [InlineData(OasisFixtures.SummaryRi, 2)]
    [InlineData(OasisFixtures.Summary, 2)]
    public async Task ReadAsync_EveryFixture_WritesBackIdenticalBytesInWholeEvents(string name, int events)
    {
        var bytes = OasisFixtures.Bytes(name);
        var output = new MemoryStream();
        var seen = new List<int>();

        await using (var source = await OasisSource.OpenAsync([new OasisInput(name, new TrickleStream(new MemoryStream(bytes), 7))], new SourceId(name), new OasisSourceOptions { TargetFrameBytes = 64 }))
        await using (var writer = new OasisStreamWriter(output, source.Header, leaveOpen: true))
        {
            while (await source.ReadAsync() is { } frame)
            {
                seen.AddRange(EventIdsOf(frame, source.Header.StreamType));
                await writer.WriteEventsAsync(frame.Memory);
                frame.Release();
            }
        }

        Assert.Equal(bytes, output.ToArray());
        Assert.Equal(events, seen.Count);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
    }

    [Fact]
    public async Task OpenAsync_SummaryFixture_ReadsSummarySetAndExposure()
    {
        await using var source = await OasisSource.OpenAsync(OasisFixtures.PathOf(OasisFixtures.Summary, ".bin"));
        using var frame = new FrameLease(await source.ReadAsync());

        var reader = new OasisRecordReader(frame.Value.Span, OasisStreamType.Summary);
        Assert.True(reader.TryRead(out var record, out var samples));

        Assert.Equal(new OasisStreamHeader(OasisStreamType.Summary, 1, 10, 1), source.Header);
        Assert.Equal(new OasisRecord(1, 1, BitConverter.Int32BitsToSingle(0x4A4F8500)), record);
        Assert.Equal(OasisSampleIds.MaxLoss, samples[0].SampleId);
        Assert.Equal(OasisSampleIds.ChanceOfLoss, samples[1].SampleId);
        Assert.Equal(OasisSampleIds.Mean, samples[2].SampleId);
    }

    [Fact]
    public async Task ReadAsync_NaNLossAndUnterminatedItem_ReadsZeroAndClosesTheItem()
    {
        var stream = Stream(2, 3, [(1, 10, [(1, float.NaN), (2, 5f)], true), (1, 11, [(-1, 2.5f)], false)]);

        await using var source = await OasisSource.OpenAsync([new OasisInput("nan", new MemoryStream(stream))], new SourceId("nan"));
        using var frame = new FrameLease(await source.ReadAsync());
        var records = Decode(frame.Value, OasisStreamType.Loss);

        Assert.Equal([(1, 10, new[] { (1, 0f), (2, 5f) }), (1, 11, new[] { (-1, 2.5f) })], records.Select(r => (r.EventId, r.Id, r.Samples)));
        Assert.Equal(1, source.ItemsClosedAtEnd);
        Assert.Null(await source.ReadAsync());
    }

    [Fact]
    public async Task ReadAsync_SampleIdBeyondLenSample_ThrowsNamingTheOffset()
    {
        var stream = Stream(2, 3, [(1, 10, [(1, 1f), (4, 1f)], true)]);

        var error = await Assert.ThrowsAsync<SourceFormatException>(async () =>
        {
            await using var source = await OasisSource.OpenAsync([new OasisInput("bad.bin", new MemoryStream(stream))], new SourceId("bad"));
            await source.ReadAsync();
        });

        Assert.Equal("bad.bin", error.SourceName);
        Assert.Equal(8 + 8 + 8, error.Offset);
        Assert.Contains("sample id 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(12, 8)]
    [InlineData(19, 16)]
    public async Task ReadAsync_TruncatedStream_ThrowsAtTheCut(int length, long offset)
    {
        var stream = Stream(2, 3, [(1, 10, [(1, 1f), (2, 1f)], true)])[..length];

        var error = await Assert.ThrowsAsync<SourceFormatException>(async () =>
        {
            await using var source = await OasisSource.OpenAsync([new OasisInput("cut.bin", new MemoryStream(stream))], new SourceId("cut"));
            await source.ReadAsync();
        });

        Assert.Equal(offset, error.Offset);
        Assert.Contains("cut.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EventLargerThanTheLimit_Throws()
    {
        var big = Enumerable.Range(0, 5000).Select(i => (1, 1f)).ToArray();
        var stream = Stream(2, 1, [(7, 1, big, true), (8, 1, big, true)]);

        var error = await Assert.ThrowsAsync<SourceFormatException>(async () =>
        {
            await using var source = await OasisSource.OpenAsync([new OasisInput("big", new MemoryStream(stream))], new SourceId("big"), new OasisSourceOptions { MaxEventBytes = 1024, ReadBlockBytes = 256, TargetFrameBytes = 256 });
            await source.ReadAsync();
        });

        Assert.Contains("event 7 exceeds the 1024-byte limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_HeadersDiffer_ThrowsNamingBothInputs()
    {
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => OasisSource.OpenAsync(
            [OasisInput.FromFile(OasisFixtures.PathOf(OasisFixtures.SummaryGul, ".bin")), OasisInput.FromFile(OasisFixtures.PathOf(OasisFixtures.Guls, ".bin"))],
            new SourceId("two")));

        Assert.Contains(OasisFixtures.SummaryGul, error.Message, StringComparison.Ordinal);
        Assert.Contains(OasisFixtures.Guls, error.Message, StringComparison.Ordinal);
        Assert.Contains("len_sample 10", error.Message, StringComparison.Ordinal);
        Assert.Contains("len_sample 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SeveralInputs_ReadsEveryEventOfEachOnceInSequence()
    {
        string[] names = [OasisFixtures.SummaryGul, OasisFixtures.SummaryIl, OasisFixtures.SummaryRi];
        var expected = names.SelectMany(n => OasisReference.Parse(OasisFixtures.Bytes(n)).Events.Select(e => Convert.ToHexString(e.Bytes))).Order().ToList();

        await using var source = await OasisSource.OpenAsync(
            names.Select(n => new OasisInput(n, new TrickleStream(new MemoryStream(OasisFixtures.Bytes(n)), 100))).ToList(),
            new SourceId("three"),
            new OasisSourceOptions { TargetFrameBytes = 64 });
        var events = new List<string>();
        var sequences = new List<long>();
        while (await source.ReadAsync() is { } frame)
        {
            sequences.Add(frame.Sequence);
            events.AddRange(SplitEvents(frame.Span.ToArray(), OasisStreamType.Loss));
            frame.Release();
        }

        Assert.Equal(expected, events.Order().ToList());
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task ReadAsync_OneInputFails_SurfacesTheErrorAndReleasesTheRest()
    {
        var good = OasisFixtures.Bytes(OasisFixtures.SummaryGul);
        var bad = (byte[])OasisFixtures.Bytes(OasisFixtures.SummaryIl).Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(3000), -99);

        var error = await Assert.ThrowsAsync<SourceFormatException>(async () =>
        {
            await using var source = await OasisSource.OpenAsync([new OasisInput("good", new MemoryStream(good)), new OasisInput("bad", new MemoryStream(bad))], new SourceId("mix"));
            while (await source.ReadAsync() is { } frame)
            {
                frame.Release();
            }
        }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("bad", error.SourceName);
    }

    internal static byte[] Stream(int sourceType, int samples, (int EventId, int Id, (int Sidx, float Loss)[] Pairs, bool Terminated)[] records)
    {
        var output = new List<byte>();
        var word = new byte[4];
        void Int(int v)
        {
            BinaryPrimitives.WriteInt32LittleEndian(word, v);
            output.AddRange(word);
        }

        void Float(float v)
        {
            BinaryPrimitives.WriteSingleLittleEndian(word, v);
            output.AddRange(word);
        }

        Int(1 | (sourceType << 24));
        Int(samples);
        foreach (var (e, id, pairs, terminated) in records)
        {
            Int(e);
            Int(id);
            foreach (var (s, l) in pairs)
            {
                Int(s);
                Float(l);
            }

            if (terminated)
            {
                Int(0);
                Int(0);
            }
        }

        return output.ToArray();
    }

    internal static List<(int EventId, int Id, (int, float)[] Samples)> Decode(Frame<byte> frame, OasisStreamType type)
    {
        var records = new List<(int, int, (int, float)[])>();
        var reader = new OasisRecordReader(frame.Span, type);
        while (reader.TryRead(out var record, out var samples))
        {
            var pairs = new (int, float)[samples.Length];
            for (var i = 0; i < samples.Length; i++)
            {
                pairs[i] = (samples[i].SampleId, samples[i].Loss);
            }

            records.Add((record.EventId, record.Id, pairs));
        }

        return records;
    }

    private static List<int> EventIdsOf(Frame<byte> frame, OasisStreamType type)
        => Decode(frame, type).Select(r => r.EventId).Distinct().ToList();

    private static List<string> SplitEvents(byte[] frame, OasisStreamType type)
    {
        var events = new List<string>();
        var reader = new OasisRecordReader(frame, type);
        var start = 0;
        var current = 0;
        while (true)
        {
            var at = reader.Position;
            if (!reader.TryRead(out var record, out _))
            {
                break;
            }

            if (record.EventId != current && current != 0)
            {
                events.Add(Convert.ToHexString(frame.AsSpan(start, at - start)));
                start = at;
            }

            current = record.EventId;
        }

        events.Add(Convert.ToHexString(frame.AsSpan(start)));
        return events;
    }

    /// <summary>Releases a frame at the end of a using block.</summary>
    private readonly struct FrameLease(Frame<byte>? frame) : IDisposable
    {
        public Frame<byte> Value => frame ?? throw new InvalidOperationException("expected a frame, but the source ended");

        public void Dispose() => frame?.Release();
    }
}

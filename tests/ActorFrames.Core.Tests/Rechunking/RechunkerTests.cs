using System.Text;
using ActorFrames.Frames;
using ActorFrames.Rechunking;

namespace ActorFrames.Tests.Rechunking;

public sealed class RechunkerTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly SourceId s_source = new("seed");

    [Fact]
    public void Write_SeedExampleWholeFrames_EmitsSixteenByteChunksOfWholeFrames()
    {
        using var rechunker = new Rechunker<byte>("default", new RechunkOptions { Size = 15, Mode = RechunkMode.WholeFrames });

        var chunks = WriteSeedFrames(rechunker, 12);

        Assert.Equal(["0000111122223333", "4444555566667777", "8888999900001111"], chunks);
    }

    [Fact]
    public void Write_SeedExampleClip_EmitsExactFifteenByteChunksCarryingTheRest()
    {
        using var rechunker = new Rechunker<byte>("clipped", new RechunkOptions { Size = 15, Mode = RechunkMode.Clip });

        var chunks = WriteSeedFrames(rechunker, 12);

        Assert.Equal(["000011112222333", "344445555666677", "778888999900001"], chunks);
    }

    [Fact]
    public void Complete_SeedExampleClip_EmitsTheRestAsAPartialTail()
    {
        using var rechunker = new Rechunker<byte>("clipped", new RechunkOptions { Size = 15 });
        _ = WriteSeedFrames(rechunker, 14);

        rechunker.Complete();

        Assert.True(rechunker.TryRead(out var tail));
        using (tail)
        {
            Assert.Equal("11122223333", Encoding.ASCII.GetString(tail.Span));
            Assert.True(tail.IsPartial);
            Assert.Equal(3, tail.Sequence);
        }

        Assert.False(rechunker.TryRead(out _));
    }

    [Fact]
    public void Write_ClipChunkWithoutRate_IsTimedByTheFrameThatSuppliedItsFirstElement()
    {
        using var rechunker = new Rechunker<byte>("c", new RechunkOptions { Size = 15 });
        for (var i = 0; i < 8; i++)
        {
            rechunker.Write(Encoding.ASCII.GetBytes(new string((char)('0' + i), 4)), new FrameInfo(s_source, i, s_t0.AddSeconds(i)));
        }

        Assert.True(rechunker.TryRead(out var first));
        Assert.True(rechunker.TryRead(out var second));
        using (first)
        using (second)
        {
            Assert.Equal(s_t0, first.Timestamp);
            Assert.Equal(s_t0.AddSeconds(3), second.Timestamp);
        }
    }

    [Fact]
    public void Write_ClipChunkWithRate_IsTimedByItsFirstElement()
    {
        using var rechunker = new Rechunker<short>("c", new RechunkOptions { Size = 3 });
        rechunker.Write(new short[4], new FrameInfo(s_source, 0, s_t0, Channels: 1, SampleRate: 1000));
        rechunker.Write(new short[4], new FrameInfo(s_source, 1, s_t0.AddSeconds(10), Channels: 1, SampleRate: 1000));

        Assert.True(rechunker.TryRead(out var first));
        Assert.True(rechunker.TryRead(out var second));
        using (first)
        using (second)
        {
            Assert.Equal(s_t0, first.Timestamp);
            Assert.Equal(s_t0.AddMilliseconds(3), second.Timestamp);
            Assert.Equal(1000, second.SampleRate);
        }
    }

    [Fact]
    public void Write_FrameLargerThanTheSize_YieldsSeveralChunksInOneWrite()
    {
        using var rechunker = new Rechunker<int>("c", new RechunkOptions { Size = 10 });

        rechunker.Write(Enumerable.Range(0, 35).ToArray(), new FrameInfo(s_source, 0, s_t0));

        Assert.Equal(3, rechunker.Consumers[0].Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(rechunker.TryRead(out var chunk));
            using (chunk)
            {
                Assert.Equal(Enumerable.Range(i * 10, 10), chunk.Span.ToArray());
            }
        }
    }

    [Fact]
    public void Write_InterleavedStereo_SizesCountSamplesAndNeverSplitOne()
    {
        using var rechunker = new Rechunker<short>("c", new RechunkOptions { Size = 3 });
        var elements = Enumerable.Range(0, 10).Select(i => (short)i).ToArray();

        rechunker.Write(elements, new FrameInfo(s_source, 0, s_t0, Channels: 2));
        rechunker.Complete();

        Assert.True(rechunker.TryRead(out var chunk));
        Assert.True(rechunker.TryRead(out var tail));
        using (chunk)
        using (tail)
        {
            Assert.Equal(new short[] { 0, 1, 2, 3, 4, 5 }, chunk.Span.ToArray());
            Assert.Equal(2, chunk.Channels);
            Assert.Equal(new short[] { 6, 7, 8, 9 }, tail.Span.ToArray());
        }
    }

    [Fact]
    public void Write_DurationWithFrameRate_ResolvesTheSizeAgainstTheFirstFrame()
    {
        using var rechunker = new Rechunker<float>("level", new RechunkOptions { Duration = TimeSpan.FromSeconds(0.5), HopDuration = TimeSpan.FromSeconds(0.25) });

        rechunker.Write(new float[100], new FrameInfo(s_source, 0, s_t0, Channels: 1, SampleRate: 8000));

        Assert.Equal(4000, rechunker.Consumers[0].Size);
        Assert.Equal(2000, rechunker.Consumers[0].Hop);
    }

    [Fact]
    public void Write_DurationWithExplicitRate_TimesChunksOfRatelessFrames()
    {
        using var rechunker = new Rechunker<float>("level", new RechunkOptions { Duration = TimeSpan.FromMilliseconds(2), SampleRate = 1000 });

        rechunker.Write(new float[3], new FrameInfo(s_source, 0, s_t0));

        Assert.True(rechunker.TryRead(out var chunk));
        rechunker.Write(new float[1], new FrameInfo(s_source, 1, s_t0.AddMilliseconds(3)));
        Assert.True(rechunker.TryRead(out var second));
        using (chunk)
        using (second)
        {
            Assert.Equal(2, chunk.Length);
            Assert.Equal(s_t0.AddMilliseconds(2), second.Timestamp);
            Assert.Equal(1000, second.SampleRate);
        }
    }

    [Fact]
    public void Write_DurationWithoutAnyRate_ThrowsNamingTheKey()
    {
        using var rechunker = new Rechunker<float>("level", new RechunkOptions { Duration = TimeSpan.FromSeconds(0.5) });

        var error = Assert.Throws<ArgumentException>(() => rechunker.Write(new float[4], new FrameInfo(s_source, 0, s_t0)));

        Assert.Contains("RechunkOptions[level].Duration = 00:00:00.5000000 needs a sample rate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HopDurationResolvingAboveTheSize_Throws()
    {
        using var rechunker = new Rechunker<float>("s", new RechunkOptions { Size = 100, HopDuration = TimeSpan.FromSeconds(1) });

        var error = Assert.Throws<ArgumentException>(() => rechunker.Write(new float[4], new FrameInfo(s_source, 0, s_t0, 1, 1000)));

        Assert.Contains("RechunkOptions[s].Hop resolves to 1000 samples, more than RechunkOptions[s].Size (100 samples)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ChannelCountChanges_ThrowsNamingFrameAndCounts()
    {
        using var rechunker = new Rechunker<short>("c", new RechunkOptions { Size = 4 });
        rechunker.Write(new short[4], new FrameInfo(s_source, 0, s_t0, Channels: 2));

        var error = Assert.Throws<ArgumentException>(() => rechunker.Write(new short[3], new FrameInfo(s_source, 1, s_t0, Channels: 1)));

        Assert.Contains("Frame 1 of source 'seed' has Channels = 1, but the stream started with 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RateChanges_Throws()
    {
        using var rechunker = new Rechunker<short>("c", new RechunkOptions { Size = 4 });
        rechunker.Write(new short[4], new FrameInfo(s_source, 0, s_t0, 1, 8000));

        var error = Assert.Throws<ArgumentException>(() => rechunker.Write(new short[4], new FrameInfo(s_source, 1, s_t0, 1, 16000)));

        Assert.Contains("SampleRate = 16000, but the stream started with 8000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FrameRateDiffersFromConfiguredRate_Throws()
    {
        using var rechunker = new Rechunker<short>("c", new RechunkOptions { Size = 4, SampleRate = 8000 });

        var error = Assert.Throws<ArgumentException>(() => rechunker.Write(new short[4], new FrameInfo(s_source, 0, s_t0, 1, 16000)));

        Assert.Contains("RechunkOptions[c].SampleRate = 8000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PartialInterleavedSample_Throws()
    {
        using var rechunker = new Rechunker<short>("c", new RechunkOptions { Size = 4 });

        var error = Assert.Throws<ArgumentException>(() => rechunker.Write(new short[5], new FrameInfo(s_source, 7, s_t0, Channels: 2)));

        Assert.Contains("Frame 7 of source 'seed' holds 5 elements, not a multiple of its 2 channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AfterComplete_Throws()
    {
        using var rechunker = new Rechunker<byte>("c", new RechunkOptions { Size = 4 });
        rechunker.Complete();

        Assert.Throws<InvalidOperationException>(() => rechunker.Write(new byte[4], new FrameInfo(s_source, 0, s_t0)));
    }

    [Fact]
    public void Constructor_RepeatedConsumerName_Throws()
    {
        var options = new RechunkOptions { Size = 4 };

        var error = Assert.Throws<ArgumentException>(() => new Rechunker<byte>([KeyValuePair.Create("a", options), KeyValuePair.Create("a", options)]));

        Assert.Contains("'a' is given twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Frame_TakesNoReference()
    {
        using var rechunker = new Rechunker<byte>("c", new RechunkOptions { Size = 2 });
        var frame = Frame<byte>.Copy([1, 2, 3], new FrameInfo(s_source, 0, s_t0));

        rechunker.Write(frame);

        Assert.Equal(1, frame.ReferenceCount);
        frame.Release();
        Assert.True(rechunker.TryRead(out var chunk));
        using (chunk)
        {
            Assert.Equal(new byte[] { 1, 2 }, chunk.Span.ToArray());
        }
    }

    [Fact]
    public void Complete_TailDrop_CountsTheDroppedElements()
    {
        using var rechunker = new Rechunker<byte>("c", new RechunkOptions { Size = 4, Tail = RechunkTail.Drop });
        rechunker.Write(new byte[6], new FrameInfo(s_source, 0, s_t0));

        rechunker.Complete();

        Assert.True(rechunker.TryRead(out var chunk));
        chunk.Dispose();
        Assert.False(rechunker.TryRead(out _));
        Assert.Equal(2, rechunker.Consumers[0].Statistics.ElementsDiscarded);
    }

    [Fact]
    public void Dispose_WithWaitingChunks_DisposesThem()
    {
        var rechunker = new Rechunker<byte>("c", new RechunkOptions { Size = 2 });
        rechunker.Write(new byte[4], new FrameInfo(s_source, 0, s_t0));
        Assert.True(rechunker.TryRead(out var read));

        rechunker.Dispose();

        Assert.Equal(0, rechunker.Count);
        Assert.False(read.IsDisposed);
        read.Dispose();
    }

    [Fact]
    public void TryRead_SeveralConsumers_DrainsEachInTurnWithItsOwnSequence()
    {
        using var rechunker = new Rechunker<byte>([KeyValuePair.Create("a", new RechunkOptions { Size = 2 }), KeyValuePair.Create("b", new RechunkOptions { Size = 3 })]);
        rechunker.Write([0, 1, 2, 3, 4, 5], new FrameInfo(s_source, 0, s_t0));

        var seen = new List<string>();
        while (rechunker.TryRead(out var chunk))
        {
            using (chunk)
            {
                seen.Add($"{chunk.Consumer}#{chunk.Sequence}:{string.Join(",", chunk.Span.ToArray())}");
            }
        }

        Assert.Equal(["a#0:0,1", "a#1:2,3", "a#2:4,5", "b#0:0,1,2", "b#1:3,4,5"], seen);
    }

    private static List<string> WriteSeedFrames(Rechunker<byte> rechunker, int count)
    {
        var chunks = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var digit = (char)('0' + (i % 10));
            rechunker.Write(Encoding.ASCII.GetBytes(new string(digit, 4)), new FrameInfo(s_source, i, s_t0.AddSeconds(i)));
            while (rechunker.TryRead(out var chunk))
            {
                using (chunk)
                {
                    chunks.Add(Encoding.ASCII.GetString(chunk.Span));
                }
            }
        }

        return chunks;
    }
}

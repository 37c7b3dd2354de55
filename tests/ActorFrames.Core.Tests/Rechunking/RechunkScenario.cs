using ActorFrames.Frames;
using ActorFrames.Rechunking;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFrames.Tests.Rechunking;

/// <summary>
/// A random stream for property tests: frame lengths, timestamps (with gaps), channels and rate. Element
/// values are their position in the stream, so a chunk's content tells exactly where it was cut from.
/// </summary>
internal sealed class RechunkScenario
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public RechunkScenario(int channels, int size, int hop, double? rate, int[] frameSamples, int[] gapsMs, int segmentElements)
    {
        Channels = channels;
        Size = size;
        Hop = hop;
        Rate = rate;
        FrameSamples = frameSamples;
        GapsMs = gapsMs;
        SegmentElements = segmentElements;
        FrameStarts = new int[frameSamples.Length + 1];
        Timestamps = new DateTimeOffset[frameSamples.Length];
        var t = T0;
        for (var f = 0; f < frameSamples.Length; f++)
        {
            FrameStarts[f + 1] = FrameStarts[f] + (frameSamples[f] * channels);
            Timestamps[f] = t;
            var duration = rate is { } r ? TimeSpan.FromTicks((long)Math.Round(frameSamples[f] * (double)TimeSpan.TicksPerSecond / r)) : TimeSpan.Zero;
            t = t + duration + TimeSpan.FromMilliseconds(gapsMs[f]);
        }
    }

    public int Channels { get; }

    public int Size { get; }

    public int Hop { get; }

    public double? Rate { get; }

    public int[] FrameSamples { get; }

    public int[] GapsMs { get; }

    public int SegmentElements { get; }

    /// <summary>Gets the element position where each frame starts; the last entry is the total.</summary>
    public int[] FrameStarts { get; }

    public DateTimeOffset[] Timestamps { get; }

    public int Total => FrameStarts[^1];

    public int SizeElements => Size * Channels;

    public int HopElements => Hop * Channels;

    /// <summary>Random scenarios; <paramref name="maxGapMs"/> 0 makes timestamps contiguous when there is a rate.</summary>
    public static Gen<RechunkScenario> Generate(bool allowEmptyFrames = true, int maxGapMs = 30, bool withRate = true, bool withoutRate = true)
    {
        var rates = new List<double?>();
        if (withRate)
        {
            rates.AddRange([1000.0, 44100.0, 7.0]);
        }

        if (withoutRate)
        {
            rates.Add(null);
        }

        return
            from channels in Gen.Choose(1, 3)
            from size in Gen.Choose(1, 40)
            from hop in Gen.Choose(1, size)
            from rate in Gen.Elements(rates.ToArray())
            from count in Gen.Choose(0, 60)
            from samples in Gen.ArrayOf(Gen.Choose(allowEmptyFrames ? 0 : 1, 45), count)
            from gaps in Gen.ArrayOf(Gen.Choose(0, maxGapMs), count)
            from segment in Gen.Elements(0, 1, 64, 500)
            select new RechunkScenario(channels, size, hop, rate, samples, gaps, segment);
    }

    public int FrameOf(int element)
    {
        var index = Array.BinarySearch(FrameStarts, element);
        if (index < 0)
        {
            return ~index - 1;
        }

        while (index + 1 < FrameStarts.Length && FrameStarts[index + 1] == element)
        {
            index++;
        }

        return index;
    }

    /// <summary>The time of the element at <paramref name="element"/>: its frame's time plus its offset at the rate.</summary>
    public DateTimeOffset TimeOf(int element)
    {
        var f = FrameOf(element);
        var samples = (element - FrameStarts[f]) / Channels;
        return Rate is { } r && samples > 0 ? Timestamps[f].AddTicks((long)Math.Round(samples * (double)TimeSpan.TicksPerSecond / r)) : Timestamps[f];
    }

    public int[] Elements(int f) => Enumerable.Range(FrameStarts[f], FrameStarts[f + 1] - FrameStarts[f]).ToArray();

    public FrameInfo Info(int f) => new(new SourceId("prop"), f, Timestamps[f], Channels, Rate);

    public Rechunker<int> Create(RechunkOptions options)
    {
        var rechunker = new Rechunker<int>("p", options) { SegmentElements = SegmentElements };
        return rechunker;
    }

    /// <summary>Writes every frame, reading after each, then completes and reads the rest.</summary>
    public List<Cut> Run(RechunkOptions options)
    {
        using var rechunker = Create(options);
        var cuts = new List<Cut>();
        for (var f = 0; f < FrameSamples.Length; f++)
        {
            rechunker.Write(Elements(f), Info(f));
            Drain(rechunker, cuts);
        }

        rechunker.Complete();
        Drain(rechunker, cuts);
        return cuts;
    }

    public static void Drain(Rechunker<int> rechunker, List<Cut> cuts)
    {
        while (rechunker.TryRead(out var chunk))
        {
            using (chunk)
            {
                cuts.Add(new Cut(chunk.Span.ToArray(), chunk.Info));
            }
        }
    }

    public override string ToString()
        => $"channels {Channels}, size {Size}, hop {Hop}, rate {Rate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, segment {SegmentElements}, frames [{string.Join(",", FrameSamples)}], gaps ms [{string.Join(",", GapsMs)}]";

    internal sealed record Cut(int[] Data, ChunkInfo Info)
    {
        public int First => Data[0];

        public int End => Data[^1] + 1;
    }
}

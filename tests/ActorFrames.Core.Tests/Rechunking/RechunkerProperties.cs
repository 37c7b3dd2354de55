using ActorFrames.Rechunking;
using FsCheck;
using FsCheck.Fluent;
using Cut = ActorFrames.Tests.Rechunking.RechunkScenario.Cut;

namespace ActorFrames.Tests.Rechunking;

/// <summary>
/// Properties of the rechunker over random frame sizes, sizes, hops, channels, rates and segment sizes.
/// A failure message carries FsCheck's seed pair, e.g. "(14236749942291644563,16424602662783719449)"; to replay
/// that case set the environment variable <c>ACTORFRAMES_FSCHECK_REPLAY=14236749942291644563,16424602662783719449</c>.
/// </summary>
public sealed class RechunkerProperties
{
    private static readonly Config s_config = CreateConfig();

    private static Config CreateConfig()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(300);
        if (Environment.GetEnvironmentVariable("ACTORFRAMES_FSCHECK_REPLAY") is { Length: > 0 } replay)
        {
            var parts = replay.Split(',', StringSplitOptions.TrimEntries);
            var rnd = new Rnd(ulong.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            config = config.WithReplay(Microsoft.FSharp.Core.FSharpOption<Replay>.Some(new Replay(rnd, Microsoft.FSharp.Core.FSharpOption<int>.None)));
        }

        return config;
    }

    [Fact]
    public void Clip_ChunksWithTail_ConcatenateToTheInputAndHaveExactlyTheSize()
    {
        Check.One(s_config, Prop.ForAll(Arb.From(RechunkScenario.Generate()), s =>
        {
            var cuts = s.Run(new RechunkOptions { Size = s.Size });

            var all = cuts.SelectMany(c => c.Data).ToArray();
            Assert.Equal(Enumerable.Range(0, s.Total), all);
            for (var i = 0; i < cuts.Count; i++)
            {
                var cut = cuts[i];
                Assert.Equal(i, cut.Info.Sequence);
                Assert.Equal(0, cut.Data.Length % s.Channels);
                if (i < cuts.Count - 1 || !cut.Info.IsPartial)
                {
                    Assert.Equal(s.SizeElements, cut.Data.Length);
                    Assert.False(cut.Info.IsPartial);
                }
                else
                {
                    Assert.InRange(cut.Data.Length, 1, s.SizeElements - 1);
                }
            }
        }));
    }

    [Fact]
    public void Clip_EveryChunk_IsTimedByItsFirstElement()
    {
        Check.One(s_config, Prop.ForAll(Arb.From(RechunkScenario.Generate()), s =>
        {
            var cuts = s.Run(new RechunkOptions { Size = s.Size, Hop = s.Hop });

            foreach (var cut in cuts)
            {
                Assert.Equal(s.TimeOf(cut.First), cut.Info.Timestamp);
                Assert.Equal(s.Rate, cut.Info.SampleRate);
                Assert.Equal(s.Channels, cut.Info.Channels);
            }
        }));
    }

    [Fact]
    public void Clip_OverlappingHop_CutsEveryWindowAndATailHoldingTheUnseenRest()
    {
        Check.One(s_config, Prop.ForAll(Arb.From(RechunkScenario.Generate()), s =>
        {
            var cuts = s.Run(new RechunkOptions { Size = s.Size, Hop = s.Hop });

            var samples = s.Total / s.Channels;
            var complete = samples >= s.Size ? ((samples - s.Size) / s.Hop) + 1 : 0;
            var lastEnd = complete > 0 ? ((complete - 1) * s.Hop) + s.Size : 0;
            var hasTail = samples > lastEnd;
            Assert.Equal(complete + (hasTail ? 1 : 0), cuts.Count);
            for (var k = 0; k < complete; k++)
            {
                Assert.Equal(Enumerable.Range(k * s.HopElements, s.SizeElements), cuts[k].Data);
                Assert.False(cuts[k].Info.IsPartial);
            }

            if (hasTail)
            {
                var tail = cuts[^1];
                Assert.True(tail.Info.IsPartial);
                Assert.Equal(Enumerable.Range(complete * s.HopElements, s.Total - (complete * s.HopElements)), tail.Data);
            }
        }));
    }

    [Fact]
    public void WholeFrames_EveryChunk_IsWholeFramesReachingTheSizeOnlyWithItsLastFrame()
    {
        Check.One(s_config, Prop.ForAll(Arb.From(RechunkScenario.Generate()), s =>
        {
            var cuts = s.Run(new RechunkOptions { Size = s.Size, Mode = RechunkMode.WholeFrames });

            Assert.Equal(Enumerable.Range(0, s.Total), cuts.SelectMany(c => c.Data));
            for (var i = 0; i < cuts.Count; i++)
            {
                var cut = cuts[i];
                var first = s.FrameOf(cut.First);
                var last = s.FrameOf(cut.End - 1);
                Assert.Equal(s.FrameStarts[first], cut.First);
                Assert.Equal(s.FrameStarts[last + 1], cut.End);
                Assert.Equal(s.Timestamps[first], cut.Info.Timestamp);
                if (cut.Info.IsPartial)
                {
                    Assert.Equal(cuts.Count - 1, i);
                    Assert.True(cut.Data.Length < s.SizeElements);
                }
                else
                {
                    Assert.True(cut.Data.Length >= s.SizeElements, $"chunk {i} holds {cut.Data.Length} elements, fewer than {s.SizeElements}");
                    Assert.True(s.FrameStarts[last] - cut.First < s.SizeElements, $"chunk {i} was already full before its last frame");
                }
            }
        }));
    }

    [Fact]
    public void DropOldest_ReadsLagging_KeepsTheNewestAndCountsTheRest()
    {
        var gen =
            from s in RechunkScenario.Generate()
            from max in Gen.Choose(1, 5)
            from reads in Gen.ArrayOf(Gen.Choose(0, 3), s.FrameSamples.Length)
            select (s, max, reads);
        Check.One(s_config, Prop.ForAll(Arb.From(gen), t =>
        {
            var (s, max, reads) = t;
            var options = new RechunkOptions { Size = s.Size, Hop = s.Hop };

            // Reference run: which chunks each write (and Complete) cuts when nothing is ever dropped.
            var cutsPerStep = new List<List<Cut>>();
            using (var reference = s.Create(options))
            {
                for (var f = 0; f <= s.FrameSamples.Length; f++)
                {
                    if (f < s.FrameSamples.Length)
                    {
                        reference.Write(s.Elements(f), s.Info(f));
                    }
                    else
                    {
                        reference.Complete();
                    }

                    var step = new List<Cut>();
                    RechunkScenario.Drain(reference, step);
                    cutsPerStep.Add(step);
                }
            }

            // Model of a queue that drops its oldest chunk when a new one would exceed max.
            var queue = new LinkedList<(Cut Cut, long Dropped)>();
            long pendingDrops = 0;
            var expected = new List<(int[] Data, long Dropped)>();
            var actual = new List<Cut>();
            options.MaxBufferedChunks = max;
            using var rechunker = s.Create(options);
            long totalDropped = 0;
            for (var f = 0; f <= s.FrameSamples.Length; f++)
            {
                if (f < s.FrameSamples.Length)
                {
                    rechunker.Write(s.Elements(f), s.Info(f));
                }
                else
                {
                    rechunker.Complete();
                }

                foreach (var cut in cutsPerStep[f])
                {
                    if (queue.Count == max)
                    {
                        var oldest = queue.First!.Value;
                        queue.RemoveFirst();
                        totalDropped++;
                        if (queue.Count > 0)
                        {
                            var head = queue.First!.Value;
                            queue.First.Value = (head.Cut, head.Dropped + oldest.Dropped + 1);
                        }
                        else
                        {
                            pendingDrops += oldest.Dropped + 1;
                        }
                    }

                    queue.AddLast((cut, pendingDrops));
                    pendingDrops = 0;
                }

                var toRead = f < s.FrameSamples.Length ? reads[f] : int.MaxValue;
                for (var r = 0; r < toRead && queue.Count > 0; r++)
                {
                    var next = queue.First!.Value;
                    queue.RemoveFirst();
                    expected.Add((next.Cut.Data, next.Dropped));
                    Assert.True(rechunker.TryRead(out var chunk));
                    using (chunk)
                    {
                        actual.Add(new Cut(chunk.Span.ToArray(), chunk.Info));
                    }
                }

                Assert.Equal(queue.Count, rechunker.Consumers[0].Count);
            }

            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Data, actual[i].Data);
                Assert.Equal(expected[i].Dropped, actual[i].Info.ChunksDroppedBefore);
                Assert.Equal(i, actual[i].Info.Sequence);
                Assert.Equal(s.TimeOf(actual[i].First), actual[i].Info.Timestamp);
            }

            var stats = rechunker.Consumers[0].Statistics;
            Assert.Equal(totalDropped, stats.ChunksDropped);
            Assert.Equal(stats.ChunksCut, stats.ChunksDropped + stats.ChunksRead);
        }));
    }

    [Fact]
    public void Sampler_StreamTime_DropsExactlyTheFramesInsideEachPause()
    {
        var gen =
            from s in RechunkScenario.Generate(allowEmptyFrames: false, maxGapMs: 5)
            from mode in Gen.Elements(RechunkMode.Clip, RechunkMode.WholeFrames)
            from fixedPauseMs in Gen.Choose(0, 80)
            from useFunc in Gen.Elements(false, true)
            from seed in Gen.Choose(0, 100_000)
            select (s, mode, fixedPauseMs, useFunc, seed);
        Check.One(s_config, Prop.ForAll(Arb.From(gen), t =>
        {
            var (s, mode, fixedPauseMs, useFunc, seed) = t;
            var pauses = new List<TimeSpan>();
            var random = new Random(seed);
            var options = new RechunkOptions { Size = s.Size, Mode = mode };
            if (useFunc)
            {
                options.PauseSampler = () =>
                {
                    var pause = random.Next(3) == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(random.Next(1, 80));
                    pauses.Add(pause);
                    return pause;
                };
            }
            else
            {
                options.Pause = TimeSpan.FromMilliseconds(fixedPauseMs);
            }

            using var rechunker = s.Create(options);
            var cuts = new List<Cut>();
            for (var f = 0; f < s.FrameSamples.Length; f++)
            {
                rechunker.Write(s.Elements(f), s.Info(f));
                RechunkScenario.Drain(rechunker, cuts);
            }

            rechunker.Complete();
            RechunkScenario.Drain(rechunker, cuts);

            var expectedDropped = 0L;
            var expectedDiscarded = 0L;
            var droppedBeforeNext = 0L;
            for (var i = 0; i < cuts.Count; i++)
            {
                var cut = cuts[i];
                Assert.Equal(s.TimeOf(cut.First), cut.Info.Timestamp);
                Assert.Equal(Enumerable.Range(cut.First, cut.Data.Length), cut.Data);
                Assert.Equal(droppedBeforeNext, cut.Info.FramesDroppedBefore);
                if (i == 0)
                {
                    Assert.Equal(0, cut.First);
                }

                if (cut.Info.IsPartial)
                {
                    Assert.Equal(cuts.Count - 1, i);
                    break;
                }

                var pause = useFunc ? pauses[i] : options.Pause;
                var completing = s.FrameOf(cut.End - 1);
                var completingEnd = s.FrameStarts[completing + 1];
                if (pause == TimeSpan.Zero)
                {
                    // No pause: the next chunk simply continues.
                    droppedBeforeNext = 0;
                    if (i + 1 < cuts.Count)
                    {
                        Assert.Equal(cut.End, cuts[i + 1].First);
                    }

                    continue;
                }

                // The pause starts just after the chunk's last element (with a rate), else at the completing
                // frame's time; the rest of the completing frame is discarded with it.
                expectedDiscarded += completingEnd - cut.End;
                var pauseStart = s.Timestamps[completing];
                if (s.Rate is { } rate)
                {
                    var offset = (cut.End - s.FrameStarts[completing]) / s.Channels;
                    pauseStart = pauseStart.AddTicks((long)Math.Round(offset * (double)TimeSpan.TicksPerSecond / rate));
                }

                var until = pauseStart + pause;
                var g = completing + 1;
                while (g < s.FrameSamples.Length && s.Timestamps[g] < until)
                {
                    g++;
                }

                droppedBeforeNext = g - completing - 1;
                expectedDropped += droppedBeforeNext;
                if (g < s.FrameSamples.Length)
                {
                    Assert.True(i + 1 < cuts.Count, $"frame {g} is after the pause ending {until:O} but no chunk holds it");
                    Assert.Equal(s.FrameStarts[g], cuts[i + 1].First);
                }
                else
                {
                    Assert.Equal(cuts.Count - 1, i);
                }
            }

            var stats = rechunker.Consumers[0].Statistics;
            Assert.Equal(expectedDropped, stats.FramesDropped);
            Assert.Equal(s.FrameSamples.Length, stats.FramesWritten);
            Assert.Equal(expectedDiscarded, stats.ElementsDiscarded);
        }));
    }

    [Fact]
    public void SharedRing_ThreeConsumers_CutExactlyWhatThreeSeparateRechunkersCut()
    {
        var gen =
            from s in RechunkScenario.Generate()
            from sizes in Gen.ArrayOf(Gen.Choose(1, 40), 3)
            from modes in Gen.ArrayOf(Gen.Elements(RechunkMode.Clip, RechunkMode.WholeFrames), 3)
            select (s, sizes, modes);
        Check.One(s_config, Prop.ForAll(Arb.From(gen), t =>
        {
            var (s, sizes, modes) = t;
            var options = Enumerable.Range(0, 3).Select(i => new RechunkOptions { Size = sizes[i], Mode = modes[i], Hop = modes[i] == RechunkMode.Clip ? Math.Max(1, sizes[i] / 2) : null }).ToArray();
            using var shared = new Rechunker<int>(options.Select((o, i) => KeyValuePair.Create($"c{i}", o))) { SegmentElements = s.SegmentElements };
            var separate = options.Select((o, i) => new Rechunker<int>($"c{i}", o) { SegmentElements = s.SegmentElements }).ToArray();
            var fromShared = new List<Cut>();
            var fromSeparate = new List<Cut>();
            for (var f = 0; f <= s.FrameSamples.Length; f++)
            {
                foreach (var r in separate.Prepend(shared))
                {
                    if (f < s.FrameSamples.Length)
                    {
                        r.Write(s.Elements(f), s.Info(f));
                    }
                    else
                    {
                        r.Complete();
                    }
                }

                for (var i = 0; i < 3; i++)
                {
                    while (shared.Consumers[i].TryRead(out var a))
                    {
                        using (a)
                        {
                            fromShared.Add(new Cut(a.Span.ToArray(), a.Info));
                        }
                    }

                    RechunkScenario.Drain(separate[i], fromSeparate);
                }
            }

            Assert.Equal(fromSeparate.Count, fromShared.Count);
            for (var i = 0; i < fromShared.Count; i++)
            {
                Assert.Equal(fromSeparate[i].Data, fromShared[i].Data);
                Assert.Equal(fromSeparate[i].Info, fromShared[i].Info);
            }

            foreach (var r in separate)
            {
                r.Dispose();
            }
        }));
    }
}

using ActorFrames.Frames;
using ActorFrames.Rechunking;

namespace ActorFrames.Tests.Rechunking;

public sealed class RechunkerMemoryTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly SourceId s_source = new("mem");

    [Fact]
    public void Write_WhileHandlersHoldChunks_NeverChangesAHeldChunk()
    {
        var random = new Random(1234);
        using var rechunker = new Rechunker<int>(
            [
                KeyValuePair.Create("a", new RechunkOptions { Size = 7 }),
                KeyValuePair.Create("b", new RechunkOptions { Size = 50, Hop = 13 }),
                KeyValuePair.Create("c", new RechunkOptions { Size = 30, Mode = RechunkMode.WholeFrames }),
            ])
        { SegmentElements = 256 };
        var held = new List<(Chunk<int> Chunk, int[] Copy)>();
        var next = 0;
        for (var f = 0; f < 2000; f++)
        {
            var length = random.Next(1, 40);
            var frame = Enumerable.Range(next, length).ToArray();
            next += length;
            rechunker.Write(frame, new FrameInfo(s_source, f, s_t0));
            while (rechunker.TryRead(out var chunk))
            {
                if (random.Next(4) == 0)
                {
                    held.Add((chunk, chunk.Span.ToArray()));
                }
                else
                {
                    chunk.Dispose();
                }
            }

            // Handlers finish in any order, returning segments to the pool for reuse meanwhile.
            if (held.Count > 50)
            {
                var index = random.Next(held.Count);
                Assert.Equal(held[index].Copy, held[index].Chunk.Span.ToArray());
                held[index].Chunk.Dispose();
                held.RemoveAt(index);
            }
        }

        foreach (var (chunk, copy) in held)
        {
            Assert.Equal(copy, chunk.Span.ToArray());
            Assert.Equal(Enumerable.Range(chunk.Span[0], chunk.Length), copy);
            chunk.Dispose();
        }
    }

    [Fact]
    public void Dispose_AfterEveryChunkIsDisposed_LeavesNoSegmentReference()
    {
        var rechunker = new Rechunker<int>("a", new RechunkOptions { Size = 10 }) { SegmentElements = 64 };
        var chunks = new List<Chunk<int>>();
        for (var f = 0; f < 40; f++)
        {
            rechunker.Write(new int[7], new FrameInfo(s_source, f, s_t0));
            while (rechunker.TryRead(out var chunk))
            {
                chunks.Add(chunk);
            }
        }

        var segment = rechunker.Segment!;
        var fromThisSegment = chunks.Count(c => c.Memory.Span.Length > 0 && IsIn(c, segment));
        Assert.Equal(1 + fromThisSegment, segment.ReferenceCount);

        rechunker.Dispose();
        Assert.Equal(fromThisSegment, segment.ReferenceCount);
        foreach (var chunk in chunks)
        {
            chunk.Dispose();
        }

        Assert.Equal(0, segment.ReferenceCount);
    }

    [Fact]
    public void Write_SteadyState_AllocatesNothingPerFrameOrChunk()
    {
        using var rechunker = new Rechunker<byte>(
            [
                KeyValuePair.Create("a", new RechunkOptions { Size = 8000 }),
                KeyValuePair.Create("b", new RechunkOptions { Size = 16000, Hop = 4000 }),
                KeyValuePair.Create("c", new RechunkOptions { Size = 32000, Mode = RechunkMode.WholeFrames, MaxBufferedChunks = 2 }),
            ]);
        var frame = Frame<byte>.Copy(new byte[160], new FrameInfo(s_source, 0, s_t0, 1, 8000));
        void Run(int frames)
        {
            for (var f = 0; f < frames; f++)
            {
                rechunker.Write(frame);
                while (rechunker.Consumers[0].TryRead(out var a))
                {
                    a.Dispose();
                }

                while (rechunker.Consumers[1].TryRead(out var b))
                {
                    b.Dispose();
                }
            }
        }

        Run(50_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(50_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated == 0, $"50,000 frames allocated {allocated} bytes; expected none in steady state");
        frame.Release();
    }

    private static bool IsIn(Chunk<int> chunk, RingSegment<int> segment)
        => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(chunk.Memory, out var array) && ReferenceEquals(array.Array, segment.Array);
}

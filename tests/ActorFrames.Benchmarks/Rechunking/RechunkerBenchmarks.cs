using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using ActorFrames.Frames;
using ActorFrames.Rechunking;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Rechunking;

/// <summary>
/// 10 MiB of 160-byte frames into three Clip consumers of 8000, 16000 and 32000 bytes, as the plain
/// <see cref="Rechunker{T}"/> does it (one shared copy, leased chunks) against the alternatives: one rechunker
/// per consumer (a copy per consumer), a hand-written copy into rented chunk arrays per consumer, and a bare
/// copy loop. Each operation is one frame, so Mean is the time per frame (input GB/s = 160 B / Mean) and
/// Allocated is per frame. Chunks are disposed as a handler would. Min is shown because the shared machine is noisy.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class RechunkerBenchmarks
{
    private const int FrameBytes = 160;
    private const int FrameCount = (10 << 20) / FrameBytes;
    private static readonly int[] s_sizes = [8000, 16000, 32000];

    private Frame<byte>[] _frames = [];
    private Rechunker<byte> _shared = null!;
    private Rechunker<byte>[] _separate = [];
    private Chunk<byte>?[] _building = [];
    private int[] _filled = [];
    private byte[] _copyTarget = [];
    private int _copyOffset;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var t0 = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        _frames = new Frame<byte>[FrameCount];
        var data = new byte[FrameBytes];
        for (var i = 0; i < FrameCount; i++)
        {
            random.NextBytes(data);
            _frames[i] = Frame<byte>.Copy(data, new FrameInfo(new SourceId("bench"), i, t0.AddTicks(i * 100_000L), 1, 16_000));
        }

        _shared = new Rechunker<byte>([
            KeyValuePair.Create("c8000", new RechunkOptions { Size = s_sizes[0] }),
            KeyValuePair.Create("c16000", new RechunkOptions { Size = s_sizes[1] }),
            KeyValuePair.Create("c32000", new RechunkOptions { Size = s_sizes[2] }),
        ]);
        _separate = [.. s_sizes.Select(size => new Rechunker<byte>($"c{size}", new RechunkOptions { Size = size }))];
        _building = new Chunk<byte>?[s_sizes.Length];
        _filled = new int[s_sizes.Length];
        _copyTarget = new byte[16_000];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _shared.Dispose();
        foreach (var rechunker in _separate)
        {
            rechunker.Dispose();
        }

        foreach (var chunk in _building)
        {
            chunk?.Dispose();
        }

        foreach (var frame in _frames)
        {
            frame.Release();
        }
    }

    /// <summary>The floor: each frame copied once into a 16000-byte buffer, nothing else.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = FrameCount)]
    public int BareCopy()
    {
        var target = _copyTarget;
        var offset = _copyOffset;
        foreach (var frame in _frames)
        {
            if (offset + FrameBytes > target.Length)
            {
                offset = 0;
            }

            frame.Span.CopyTo(target.AsSpan(offset));
            offset += FrameBytes;
        }

        _copyOffset = offset;
        return offset;
    }

    /// <summary>The shipped design: one rechunker, three consumers, each frame copied once, chunks leased.</summary>
    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long SharedRing()
    {
        long elements = 0;
        var rechunker = _shared;
        foreach (var frame in _frames)
        {
            rechunker.Write(frame);
            while (rechunker.TryRead(out var chunk))
            {
                elements += chunk.Length;
                chunk.Dispose();
            }
        }

        return elements;
    }

    /// <summary>One rechunker per consumer (what three independent RechunkActors would do): three copies per frame.</summary>
    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long RechunkerPerConsumer()
    {
        long elements = 0;
        var separate = _separate;
        foreach (var frame in _frames)
        {
            for (var c = 0; c < separate.Length; c++)
            {
                var rechunker = separate[c];
                rechunker.Write(frame);
                while (rechunker.TryRead(out var chunk))
                {
                    elements += chunk.Length;
                    chunk.Dispose();
                }
            }
        }

        return elements;
    }

    /// <summary>The textbook alternative: per consumer, copy into a rented chunk array until it is full.</summary>
    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long CopyIntoRentedChunks()
    {
        long elements = 0;
        foreach (var frame in _frames)
        {
            for (var c = 0; c < s_sizes.Length; c++)
            {
                var source = frame.Span;
                while (source.Length > 0)
                {
                    var chunk = _building[c] ??= Chunk<byte>.Rent(s_sizes[c], new ChunkInfo(frame.Source, "copy", 0, frame.Timestamp), out _);
                    var target = MemoryMarshal.AsMemory(chunk.Memory).Span[_filled[c]..];
                    var n = Math.Min(target.Length, source.Length);
                    source[..n].CopyTo(target);
                    source = source[n..];
                    _filled[c] += n;
                    if (_filled[c] == s_sizes[c])
                    {
                        elements += chunk.Length;
                        chunk.Dispose();
                        _building[c] = null;
                        _filled[c] = 0;
                    }
                }
            }
        }

        return elements;
    }
}

using System.Buffers.Binary;
using ActorFrames.Frames;
using ActorFrames.Sources.Oasis;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Sources;

/// <summary>
/// Reads a synthetic 128 MiB loss stream (1000 events x 100 items x 100 samples plus 5 special samples) from memory:
/// validation, NaN normalization, event boundaries and the copy into frames. Throughput = 128 MiB / Mean.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class OasisReadBenchmarks
{
    private byte[] _stream = [];

    [Params(65536, 1 << 20)]
    public int TargetFrameBytes { get; set; }

    [GlobalSetup]
    public void Setup() => _stream = Synthesize(samples: 100, items: 100, targetBytes: 128 << 20);

    [Benchmark]
    public async Task<long> ReadAll()
    {
        var options = new OasisSourceOptions { TargetFrameBytes = TargetFrameBytes, ReadBlockBytes = 1 << 20 };
        await using var source = await OasisSource.OpenAsync([new OasisInput("synthetic", new MemoryStream(_stream, writable: false))], new SourceId("bench"), options);
        long bytes = 0;
        while (await source.ReadAsync() is { } frame)
        {
            bytes += frame.Length;
            frame.Release();
        }

        return bytes;
    }

    internal static byte[] Synthesize(int samples, int items, int targetBytes)
    {
        var recordBytes = 8 + ((samples + 5 + 1) * 8);
        var events = Math.Max(1, targetBytes / (recordBytes * items));
        var stream = new byte[8 + (events * items * recordBytes)];
        BinaryPrimitives.WriteInt32LittleEndian(stream, 1 | (2 << 24));
        BinaryPrimitives.WriteInt32LittleEndian(stream.AsSpan(4), samples);
        var p = 8;
        var random = new Random(42);
        for (var e = 1; e <= events; e++)
        {
            for (var i = 1; i <= items; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(stream.AsSpan(p), e);
                BinaryPrimitives.WriteInt32LittleEndian(stream.AsSpan(p + 4), i);
                p += 8;
                for (var s = -5; s <= samples; s++)
                {
                    if (s == 0)
                    {
                        continue;
                    }

                    BinaryPrimitives.WriteInt32LittleEndian(stream.AsSpan(p), s);
                    BinaryPrimitives.WriteSingleLittleEndian(stream.AsSpan(p + 4), s % 17 == 0 ? float.NaN : (float)(random.NextDouble() * 1e6));
                    p += 8;
                }

                p += 8; // (0, 0)
            }
        }

        return stream;
    }
}

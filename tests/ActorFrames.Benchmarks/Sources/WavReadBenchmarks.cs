using System.Buffers.Binary;
using ActorFrames.Frames;
using ActorFrames.Sources.Wav;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Sources;

/// <summary>
/// Reads 128 MiB of s16 stereo samples as frames: from memory and from a file in the page cache, natively (short) and
/// converted to float. Throughput = 128 MiB / Mean.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class WavReadBenchmarks
{
    private const int DataBytes = 128 << 20;
    private byte[] _file = [];
    private string _path = string.Empty;

    [Params(64 * 1024, 1024 * 1024)]
    public int FrameBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _file = new byte[44 + DataBytes];
        "RIFF"u8.CopyTo(_file);
        BinaryPrimitives.WriteUInt32LittleEndian(_file.AsSpan(4), (uint)(_file.Length - 8));
        "WAVEfmt "u8.CopyTo(_file.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(_file.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(_file.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(_file.AsSpan(22), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(_file.AsSpan(24), 48000);
        BinaryPrimitives.WriteUInt32LittleEndian(_file.AsSpan(28), 48000 * 4);
        BinaryPrimitives.WriteUInt16LittleEndian(_file.AsSpan(32), 4);
        BinaryPrimitives.WriteUInt16LittleEndian(_file.AsSpan(34), 16);
        "data"u8.CopyTo(_file.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(_file.AsSpan(40), DataBytes);
        new Random(1).NextBytes(_file.AsSpan(44));
        _path = Path.Combine(Path.GetTempPath(), $"actorframes-wavbench-{Environment.ProcessId}.wav");
        File.WriteAllBytes(_path, _file);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true)]
    public Task<long> NativeFromMemory() => DrainAsync<short>(new MemoryStream(_file, writable: false));

    [Benchmark]
    public Task<long> NativeFromFile() => DrainAsync<short>(new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan));

    [Benchmark]
    public Task<long> FloatFromMemory() => DrainAsync<float>(new MemoryStream(_file, writable: false));

    private async Task<long> DrainAsync<T>(Stream stream)
        where T : unmanaged
    {
        await using var source = await WavFrameSource<T>.OpenAsync(stream, new SourceId("bench"), new WavSourceOptions { FramesPerRead = FrameBytes / 4 });
        long elements = 0;
        while (await source.ReadAsync() is { } frame)
        {
            elements += frame.Length;
            frame.Release();
        }

        return elements;
    }
}

using System.Diagnostics.CodeAnalysis;
using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Pipelines;
using ActorFrames.Rechunking;
using ActorFrames.Workers;
using BenchmarkDotNet.Attributes;

namespace ActorFrames.Benchmarks.Pipelines;

/// <summary>
/// 10 MiB of 160-byte frames through Source → three RechunkActors (Clip 8000, 16000, 32000 bytes) → a
/// Pool(2) of trivial handlers each, results back at the origin. One operation is one frame, so Mean is the
/// time per frame (frames/s = 1 s / Mean) and Allocated is per frame (pipeline set-up included, spread over
/// the 65,536 frames of a run).
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class PipelineBenchmarks
{
    private const int FrameBytes = 160;
    private const int FrameCount = (10 << 20) / FrameBytes;

    private readonly HandlerRegistry _registry = new HandlerRegistry().Add("length", static () => new LengthHandler(), ResultCodecs.Int64);
    private Frame<byte>[] _frames = [];
    private ActorSystem _system = null!;

    [Params("inline", "pool(2)")]
    public string Mode { get; set; } = "pool(2)";

    [GlobalSetup]
    public void Setup()
    {
        var data = new byte[FrameBytes];
        new Random(42).NextBytes(data);
        var t0 = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        _frames = new Frame<byte>[FrameCount];
        for (var i = 0; i < FrameCount; i++)
        {
            _frames[i] = Frame<byte>.Copy(data, new FrameInfo(new SourceId("bench"), i, t0.AddTicks(i * 100_000L), 1, 16_000));
        }

        _system = ActorSystem.Create("bench");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _system.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var frame in _frames)
        {
            frame.Release();
        }
    }

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public async Task<long> SourceToThreeRechunkActorsToWorkers()
    {
        var mode = Mode == "inline" ? WorkerMode.Inline : WorkerMode.Pool(2);
        var statistics = await Pipeline.From(Replay(_frames))
            .WithHandlers(_registry)
            .WithSystem(_system)
            .Consumer<long>(Options("c8000", 8000, mode))
            .Consumer<long>(Options("c16000", 16000, mode))
            .Consumer<long>(Options("c32000", 32000, mode))
            .RunAsync().ConfigureAwait(false);
        return statistics[0].Results + statistics[1].Results + statistics[2].Results;
    }

    private static ConsumerOptions Options(string name, int size, WorkerMode mode)
        => new() { Name = name, Handler = "length", Chunking = new RechunkOptions { Size = size }, Mode = mode, MaxInFlight = 16 };

    private static async IAsyncEnumerable<Frame<byte>> Replay(Frame<byte>[] frames)
    {
        foreach (var frame in frames)
        {
            // The pipeline releases the reference it is given; ours keeps the frame for the next run.
            frame.Retain();
            yield return frame;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private sealed class LengthHandler : IChunkHandler<byte, long>
    {
        public ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken) => ValueTask.FromResult((long)chunk.Length);
    }
}

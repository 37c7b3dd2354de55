using System.Collections.Concurrent;
using System.Diagnostics;
using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.Pipelines;
using ActorFrames.Rechunking;
using ActorFrames.Results;
using ActorFrames.Workers;
using ActorFrames.Workers.Processes;

namespace ActorFrames.Tests.Workers;

[Trait("Category", "Integration")]
public sealed class ProcessWorkerModeTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task RunAsync_ProcessModeWithChildKilledMidRun_EveryChunkYieldsExactlyOneResult()
    {
        const int chunkBytes = 4096;
        const int frames = 1_200;
        var data = MakeData(frames * 512);
        var expected = Enumerable.Range(0, data.Length / chunkBytes).Select(i => Checksum(data.AsSpan(i * chunkBytes, chunkBytes))).ToArray();
        var results = new ConcurrentDictionary<long, long>();
        var duplicates = 0;
        var killed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new ConsumerOptions
        {
            Name = "sums",
            Handler = BuiltInHandlers.SlowChecksum,
            Chunking = new RechunkOptions { Size = chunkBytes },
            Mode = WorkerMode.Process(2, new ProcessWorkerOptions { MaxAttempts = 3 }),
            Ordering = ResultOrdering.Emission,
        };
        await using var system = ActorSystem.Create("process");
        var run = Pipeline.From(Frames(data, 512))
            .WithSystem(system)
            .Consumer<long>(options, r =>
            {
                Assert.True(r.IsSuccess, r.Error?.Message);
                if (!results.TryAdd(r.Chunk.Sequence, r.Value))
                {
                    Interlocked.Increment(ref duplicates);
                }

                if (results.Count == 5 && !killed.Task.IsCompleted)
                {
                    killed.TrySetResult(KillOneChild());
                }
            })
            .Start();
        await using (run)
        {
            await run.Completion.WaitAsync(s_timeout);
        }

        Assert.True(await killed.Task.WaitAsync(s_timeout) > 0, "a worker child should have been killed mid-run");
        Assert.Equal(0, duplicates);
        Assert.Equal(expected.Length, results.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], results[i]);
        }
    }

    [Fact]
    public async Task RunAsync_ProcessModeHandlerAlwaysThrows_DeadLettersAfterTheLimitAndTheRestFlow()
    {
        var data = MakeData(8 * 100);
        "POISON"u8.CopyTo(data.AsSpan(300));
        var outcomes = new ConcurrentQueue<ChunkResult<long>>();
        await using var system = ActorSystem.Create("poison");

        await Pipeline.From(Frames(data, 100))
            .WithSystem(system)
            .Consumer<long>(new ConsumerOptions { Name = "p", Handler = BuiltInHandlers.Poison, Chunking = new RechunkOptions { Size = 100 }, Mode = WorkerMode.Process(1, new ProcessWorkerOptions { MaxAttempts = 2 }) }, outcomes.Enqueue)
            .RunAsync().WaitAsync(s_timeout);

        Assert.Equal(8, outcomes.Count);
        var failed = Assert.Single(outcomes, o => !o.IsSuccess);
        Assert.Equal(3, failed.Chunk.Sequence);
        var dead = Assert.IsType<ChunkDeadLetteredException>(failed.Error);
        Assert.Equal(2, dead.Attempts);
    }

    private static int KillOneChild()
    {
        var self = Environment.ProcessId;
        foreach (var process in Process.GetProcesses())
        {
            try
            {
                if (process.Id != self && ParentOf(process.Id) == self && File.ReadAllText($"/proc/{process.Id}/cmdline").Contains("worker", StringComparison.Ordinal))
                {
                    process.Kill();
                    return process.Id;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked at it.
            }
            finally
            {
                process.Dispose();
            }
        }

        return 0;
    }

    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] MakeData(int length)
    {
        var data = new byte[length];
        new Random(42).NextBytes(data);
        return data;
    }

    private static long Checksum(ReadOnlySpan<byte> bytes) => ChunkChecksum.Compute(bytes);

    private static async IAsyncEnumerable<Frame<byte>> Frames(byte[] data, int frameBytes)
    {
        for (var offset = 0; offset < data.Length; offset += frameBytes)
        {
            var length = Math.Min(frameBytes, data.Length - offset);
            yield return Frame<byte>.Copy(data.AsSpan(offset, length), new FrameInfo(new SourceId("file"), offset / frameBytes, DateTimeOffset.UnixEpoch));
        }

        await Task.CompletedTask;
    }
}

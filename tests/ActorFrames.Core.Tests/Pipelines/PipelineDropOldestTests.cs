using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Pipelines;
using ActorFrames.Rechunking;
using ActorFrames.Results;
using ActorFrames.Workers;

namespace ActorFrames.Tests.Pipelines;

public sealed class PipelineDropOldestTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_DropOldestWhileTheWorkerIsStuck_KeepsTheNewestAndCountsTheRest()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sourceDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new HandlerRegistry().Add("gated", () => new GatedHandler(release.Task), ResultCodecs.String);
        var outcomes = new ConcurrentQueue<ChunkResult<string>>();
        var options = new ConsumerOptions
        {
            Name = "live",
            Handler = "gated",
            Chunking = new RechunkOptions { Size = 4, MaxBufferedChunks = 2 },
            Mode = WorkerMode.Pool(1),
            MaxInFlight = 1,
            Overflow = ConsumerOverflow.DropOldest,
            Ordering = ResultOrdering.Emission,
        };
        await using var system = ActorSystem.Create("drop-oldest");
        var run = Pipeline.From(Frames(100, sourceDone)).WithHandlers(registry).WithSystem(system).Consumer<string>(options, outcomes.Enqueue).Start();
        await using (run)
        {
            // The live source is never held up by the stuck worker: it reaches its end first.
            await sourceDone.Task.WaitAsync(s_timeout);
            release.SetResult();
            await run.Completion.WaitAsync(s_timeout);

            var statistics = run.GetStatistics()[0];
            Assert.Equal(3, outcomes.Count);
            Assert.Equal(97, statistics.ChunksDropped);
            Assert.Equal("0000", outcomes.First().Value);
            Assert.Equal(["9898", "9999"], outcomes.Skip(1).Select(o => o.Value));
            Assert.Equal(97, outcomes.Skip(1).Sum(o => o.Chunk.ChunksDroppedBefore));
        }

        Assert.Equal(0, system.ActorCount);
    }

    private static async IAsyncEnumerable<Frame<byte>> Frames(int count, TaskCompletionSource done, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = (i % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            yield return Frame<byte>.Copy(Encoding.ASCII.GetBytes(text + text), new FrameInfo(new SourceId("mic"), i, DateTimeOffset.UnixEpoch.AddSeconds(i)));
        }

        done.SetResult();
        await Task.CompletedTask;
    }

    private sealed class GatedHandler(Task gate) : IChunkHandler<byte, string>
    {
        public async ValueTask<string> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return Encoding.ASCII.GetString(chunk.Span);
        }
    }
}

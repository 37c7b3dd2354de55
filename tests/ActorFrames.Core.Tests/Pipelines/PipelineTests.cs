using System.Collections.Concurrent;
using ActorFrames.Actors;
using ActorFrames.Pipelines;
using ActorFrames.Rechunking;
using ActorFrames.Results;
using ActorFrames.Workers;

namespace ActorFrames.Tests.Pipelines;

public sealed class PipelineTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static IEnumerable<string> SeedFrames(int count) => Enumerable.Range(0, count).Select(i => new string((char)('0' + (i % 10)), 4));

    [Theory]
    [InlineData(RechunkMode.WholeFrames, new[] { "0000111122223333", "4444555566667777" })]
    [InlineData(RechunkMode.Clip, new[] { "000011112222333", "344445555666677" })]
    public async Task RunAsync_SeedExample_CutsLikeTheSeed(RechunkMode mode, string[] expectedFirst)
    {
        var texts = new ConcurrentQueue<ChunkResult<string>>();
        await using var system = ActorSystem.Create("seed");
        var options = new ConsumerOptions { Name = "c", Handler = "text", Chunking = new RechunkOptions { Size = 15, Mode = mode }, Ordering = ResultOrdering.Emission };

        var statistics = await Pipeline.From(PipelineTestHandlers.Frames(SeedFrames(10)))
            .WithHandlers(PipelineTestHandlers.Registry())
            .WithSystem(system)
            .Consumer<string>(options, texts.Enqueue)
            .RunAsync().WaitAsync(s_timeout);

        var values = texts.Select(r => r.Value).ToArray();
        Assert.Equal(expectedFirst, values.Take(2));
        Assert.Equal(string.Concat(SeedFrames(10)), string.Concat(values));
        Assert.True(texts.Last().Chunk.IsPartial);
        Assert.Equal(10, statistics[0].FramesIn);
        Assert.True(statistics[0].Completed);
        Assert.Equal(0, system.ActorCount);
    }

    [Fact]
    public async Task RunAsync_ThreeConsumersOnDifferentModes_EachSeesEveryByteOnce()
    {
        var frames = Enumerable.Range(0, 2_000).Select(i => new string((char)('a' + (i % 26)), 1 + (i % 37))).ToList();
        var expected = frames.Sum(f => f.Sum(c => (long)c));
        var sums = new ConcurrentDictionary<string, long>();
        await using var system = ActorSystem.Create("three");

        var statistics = await Pipeline.From(PipelineTestHandlers.Frames(frames))
            .WithHandlers(PipelineTestHandlers.Registry())
            .WithSystem(system)
            .Consumer<long>("small", 100, "sum", WorkerMode.Inline, r => sums.AddOrUpdate("small", r.Value, (_, v) => v + r.Value))
            .Consumer<long>("medium", 1000, "sum", WorkerMode.Pool(2), r => sums.AddOrUpdate("medium", r.Value, (_, v) => v + r.Value))
            .Consumer<long>("large", 5000, "sum", WorkerMode.Pool(4), r => sums.AddOrUpdate("large", r.Value, (_, v) => v + r.Value))
            .RunAsync().WaitAsync(s_timeout);

        Assert.Equal(expected, sums["small"]);
        Assert.Equal(expected, sums["medium"]);
        Assert.Equal(expected, sums["large"]);
        Assert.All(statistics, s => Assert.Equal(0, s.InFlight));
        Assert.All(statistics, s => Assert.Equal(s.ChunksOut, s.Results));
        Assert.Equal(0, system.ActorCount);
    }

    [Fact]
    public async Task RunAsync_PoolOfFourWithRandomDurations_DeliversTenThousandResultsInEmissionOrder()
    {
        var sequences = new List<long>();
        await using var system = ActorSystem.Create("order");
        var options = new ConsumerOptions { Name = "ordered", Handler = "jitter", Chunking = new RechunkOptions { Size = 10 }, Mode = WorkerMode.Pool(4), Ordering = ResultOrdering.Emission, MaxInFlight = 64 };

        await Pipeline.From(PipelineTestHandlers.Frames(Enumerable.Repeat("0123456789", 10_000)))
            .WithHandlers(PipelineTestHandlers.Registry(seed: 99))
            .WithSystem(system)
            .Consumer<long>(options, r => sequences.Add(r.Value))
            .RunAsync().WaitAsync(s_timeout);

        Assert.Equal(10_000, sequences.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (long)i), sequences);
        Assert.Equal(0, system.ActorCount);
    }

    [Fact]
    public async Task RunAsync_HandlerThrowsOnOneChunk_ReportsThatChunkAsFailedAndTheRestFlow()
    {
        var outcomes = new ConcurrentQueue<ChunkResult<long>>();
        await using var system = ActorSystem.Create("failing");

        var statistics = await Pipeline.From(PipelineTestHandlers.Frames(Enumerable.Repeat("xxxxx", 20)))
            .WithHandlers(PipelineTestHandlers.Registry())
            .WithSystem(system)
            .Consumer<long>(new ConsumerOptions { Name = "c", Handler = "throw-on-3", Chunking = new RechunkOptions { Size = 10 }, Mode = WorkerMode.Pool(2) }, outcomes.Enqueue)
            .RunAsync().WaitAsync(s_timeout);

        var failed = Assert.Single(outcomes, o => !o.IsSuccess);
        Assert.Equal(3, failed.Chunk.Sequence);
        Assert.IsType<InvalidDataException>(failed.Error);
        Assert.Equal(10, outcomes.Count);
        Assert.Equal(1, statistics[0].Failed);
        Assert.Equal(0, system.ActorCount);
    }

    [Fact]
    public async Task StopAsync_OnAnEndlessSource_FlushesThePartialTailAndCompletes()
    {
        var received = new ConcurrentQueue<ChunkResult<string>>();
        var firstResult = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var system = ActorSystem.Create("stop");
        var run = Pipeline.From(PipelineTestHandlers.Frames(Endless()))
            .WithHandlers(PipelineTestHandlers.Registry())
            .WithSystem(system)
            .Consumer<string>(new ConsumerOptions { Name = "c", Handler = "text", Chunking = new RechunkOptions { Size = 7 } }, r =>
            {
                received.Enqueue(r);
                firstResult.TrySetResult();
            })
            .Start();
        await using (run)
        {
            await firstResult.Task.WaitAsync(s_timeout);
            await run.StopAsync().WaitAsync(s_timeout);

            Assert.True(run.SourceEnded);
            var statistics = run.GetStatistics()[0];
            Assert.True(statistics.Completed);
            var all = string.Concat(received.OrderBy(r => r.Chunk.Sequence).Select(r => r.Value));
            Assert.Equal(statistics.FramesIn * 3, all.Length);
        }

        static IEnumerable<string> Endless()
        {
            while (true)
            {
                yield return "abc";
            }
        }
    }

    [Fact]
    public async Task Start_WithASourceBoundToTheCallersToken_EndsCleanlyWhenTheCallerCancels()
    {
        // The source waits on the caller's token, not on the pipeline's: cancelling the caller's token can fail that wait
        // before the pipeline itself has heard of the stop (a race between threads; the flag the source actor checks
        // for it is pinned down by IsStopRequested_...). The run must end as stopped, not as failed.
        using var caller = new CancellationTokenSource();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var system = ActorSystem.Create("caller-token");
        var run = Pipeline.From(PipelineTestHandlers.Frames(["abc"]).Concat(WaitForever()))
            .WithHandlers(PipelineTestHandlers.Registry())
            .WithSystem(system)
            .Consumer<string>(new ConsumerOptions { Name = "c", Handler = "text", Chunking = new RechunkOptions { Size = 7 } }, static _ => { })
            .Start(caller.Token);
        await using (run)
        {
            await waiting.Task.WaitAsync(s_timeout);

            // Synchronously: the callbacks run in reverse order of registration, the source's wait before the run's stop.
#pragma warning disable CA1849 // The order of the cancellation callbacks is the point of this test.
            caller.Cancel();
#pragma warning restore CA1849

            await run.Completion.WaitAsync(s_timeout);
            Assert.True(run.SourceEnded);
            Assert.True(run.GetStatistics()[0].Completed);
        }

        async IAsyncEnumerable<ActorFrames.Frames.Frame<byte>> WaitForever()
        {
            waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, caller.Token);
            yield break;
        }
    }

    [Fact]
    public void IsStopRequested_WhenOnlyTheCallersTokenIsCancelled_IsTrue()
    {
        using var caller = new CancellationTokenSource();
        var context = new PipelineContext(new HandlerRegistry(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, CancellationToken.None, CancellationToken.None, caller.Token);
        Assert.False(context.IsStopRequested);

        caller.Cancel();

        Assert.True(context.IsStopRequested);
    }

    [Fact]
    public async Task ReadResultsAsync_WithStreaming_YieldsEveryResultThenEnds()
    {
        await using var system = ActorSystem.Create("stream");
        var run = Pipeline.From(PipelineTestHandlers.Frames(Enumerable.Repeat("abcd", 100)))
            .WithHandlers(PipelineTestHandlers.Registry())
            .WithSystem(system)
            .Consumer<string>(new ConsumerOptions { Name = "c", Handler = "text", Chunking = new RechunkOptions { Size = 40 }, Ordering = ResultOrdering.Emission }, streamResults: true)
            .Start();
        await using (run)
        {
            var results = new List<string>();
            await foreach (var result in run.ReadResultsAsync<string>("c").WithCancellation(new CancellationTokenSource(s_timeout).Token))
            {
                results.Add(result.Value!);
            }

            Assert.Equal(10, results.Count);
            Assert.All(results, r => Assert.Equal(string.Concat(Enumerable.Repeat("abcd", 10)), r));
        }
    }

    [Fact]
    public void Consumer_UnknownOrBadOptions_FailWithClearErrors()
    {
        var builder = Pipeline.From(PipelineTestHandlers.Frames(["a"])).WithHandlers(PipelineTestHandlers.Registry());

        var zero = Assert.ThrowsAny<ArgumentException>(() => builder.Consumer<string>(new ConsumerOptions { Name = "z", Handler = "text", Chunking = new RechunkOptions { Size = 0 } }));
        Assert.Contains("Size", zero.Message, StringComparison.Ordinal);
        builder.Consumer<string>(new ConsumerOptions { Name = "dup", Handler = "text", Chunking = new RechunkOptions { Size = 1 } });
        Assert.Throws<ArgumentException>(() => builder.Consumer<string>(new ConsumerOptions { Name = "dup", Handler = "text", Chunking = new RechunkOptions { Size = 1 } }));

        var unknown = Pipeline.From(PipelineTestHandlers.Frames(["a"])).WithHandlers(PipelineTestHandlers.Registry())
            .Consumer<string>(new ConsumerOptions { Name = "u", Handler = "nope", Chunking = new RechunkOptions { Size = 1 } });
        var error = Assert.Throws<KeyNotFoundException>(() => unknown.Start());
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SourceThrows_FailsTheRunWithThatError()
    {
        await using var system = ActorSystem.Create("source-fails");

        var run = Pipeline.From(Failing())
            .WithHandlers(PipelineTestHandlers.Registry())
            .WithSystem(system)
            .Consumer<string>(new ConsumerOptions { Name = "c", Handler = "text", Chunking = new RechunkOptions { Size = 4 } })
            .RunAsync();

        var error = await Assert.ThrowsAsync<IOException>(() => run.WaitAsync(s_timeout));
        Assert.Equal("device unplugged", error.Message);
        Assert.Equal(0, system.ActorCount);

        static async IAsyncEnumerable<Frames.Frame<byte>> Failing()
        {
            await foreach (var frame in PipelineTestHandlers.Frames(["abcd", "efgh"]))
            {
                yield return frame;
            }

            throw new IOException("device unplugged");
        }
    }
}

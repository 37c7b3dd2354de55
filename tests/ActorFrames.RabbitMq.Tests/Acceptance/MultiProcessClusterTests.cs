using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ActorFrames.Handlers;
using ActorFrames.RabbitMq.Status;
using ActorFrames.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ActorFrames.Tests.Acceptance;

/// <summary>
/// The test process is the capture (origin); two <c>actorframes node</c> child processes are the workers.
/// </summary>
[Collection(RabbitMqCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Requires", "RabbitMq")]
public sealed class MultiProcessClusterTests(RabbitMqBroker broker, ITestOutputHelper output)
{
    private const string WorkerConfig = "cluster-config/worker.json";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task KillHard_OneOfTwoNodesMidStream_EveryChunkYieldsExactlyOneResultAndRedeliveryTakesUnderASecond()
    {
        const int Chunks = 400;
        const string Consumer = "drill";
        var options = broker.CreateOptions();
        await using var monitor = new ClusterMonitor(options);
        await monitor.StartAsync(CancellationToken.None);
        var environment = NodeEnvironment.For(options, Consumer, BuiltInHandlers.SlowChecksum, workers: 2);
        using var nodeA = CliProcess.Start(environment, "node", "--config", WorkerConfig, "--name", "node-a");
        using var nodeB = CliProcess.Start(environment, "node", "--config", WorkerConfig, "--name", "node-b");
        await WaitForNodesAsync(monitor, ["node-a", "node-b"], nodeA, nodeB);

        var sink = new RecordingSink<long>();
        var firstRedelivery = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var byNode = new ConcurrentDictionary<string, int>();
        await using var origin = ClusterTestKit.CreateOrigin(options, Consumer, BuiltInHandlers.SlowChecksum, sink, maxInFlight: 1024);
        origin.ReplyObserved = (_, attempt, node) =>
        {
            byNode.AddOrUpdate(node, 1, static (_, n) => n + 1);
            if (attempt > 1)
            {
                firstRedelivery.TrySetResult(Stopwatch.GetTimestamp());
            }
        };

        var expected = new long[Chunks];
        for (var i = 0; i < Chunks; i++)
        {
            var chunk = ClusterTestKit.MakeChunk("capture", Consumer, i, 8192, out expected[i]);
            await origin.DispatchAsync(chunk, CancellationToken.None);
        }

        await sink.WaitForAsync(100, TimeSpan.FromSeconds(30), "the first 100 results before the kill");
        Assert.True(byNode.ContainsKey("node-a"), $"node-a handled nothing before the kill; per node: {string.Join(", ", byNode)}");
        var killedAt = Stopwatch.GetTimestamp();
        nodeA.KillHard();

        var redeliveredAt = await firstRedelivery.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var redelivery = Stopwatch.GetElapsedTime(killedAt, redeliveredAt);
        await sink.WaitForAsync(Chunks, TimeSpan.FromSeconds(60), "one outcome per chunk after the kill");

        output.WriteLine($"kill -9 to first redelivered result: {redelivery.TotalMilliseconds:0} ms; results per node: {string.Join(", ", byNode)}; duplicate replies dropped: {origin.Duplicates}");
        Assert.True(redelivery < TimeSpan.FromSeconds(1), $"The first redelivered chunk's result came {redelivery.TotalMilliseconds:0} ms after kill -9; expected under 1 s.");
        Assert.Empty(sink.Failures);
        Assert.Equal(0, sink.Duplicates);
        Assert.Equal(Chunks, sink.Results.Count);
        long expectedSum = 0;
        long actualSum = 0;
        for (var i = 0; i < Chunks; i++)
        {
            Assert.Equal(expected[i], sink.Results[("capture", i)]);
            expectedSum = unchecked(expectedSum + expected[i]);
            actualSum = unchecked(actualSum + sink.Results[("capture", i)]);
        }

        Assert.Equal(expectedSum, actualSum);
        Assert.Equal(0, origin.InFlight);

        nodeB.Terminate();
        Assert.Equal(0, await nodeB.WaitForExitAsync(TimeSpan.FromSeconds(40)));
    }

    [Fact]
    public async Task Status_NodeStoppedOrKilled_AppearsGoneWithinFiveSeconds()
    {
        const string Consumer = "statusq";
        var options = broker.CreateOptions();
        await using var monitor = new ClusterMonitor(options);
        await monitor.StartAsync(CancellationToken.None);
        var environment = NodeEnvironment.For(options, Consumer, BuiltInHandlers.Checksum, workers: 3);
        using var nodeC = CliProcess.Start(environment, "node", "--config", WorkerConfig, "--name", "node-c");
        using var nodeD = CliProcess.Start(environment, "node", "--config", WorkerConfig, "--name", "node-d");
        await WaitForNodesAsync(monitor, ["node-c", "node-d"], nodeC, nodeD);

        var (code, output) = await CliProcess.RunAsync(NodeEnvironment.ForStatus(options), TimeSpan.FromSeconds(30), "status", "--json", "--listen", "1.5", "--consumer", Consumer);
        Assert.True(code == 0, $"actorframes status exited {code}:\n{output}");
        var report = JsonSerializer.Deserialize(output.Trim().Split('\n')[^1], StatusJsonContext.Default.ClusterStatusReport)!;
        var listed = Assert.Single(report.Nodes, static n => n.Last.Node == "node-c");
        Assert.False(listed.IsGone);
        var pool = Assert.Single(listed.Last.Pools);
        Assert.Equal((Consumer, BuiltInHandlers.Checksum, 3), (pool.Consumer, pool.Handler, pool.Workers));
        var queue = Assert.Single(report.Queues, static q => q.Consumer == Consumer);
        Assert.True(queue.Exists);
        Assert.Equal(2 * 3, queue.Consumers); // each worker of each node consumes on a channel of its own
        Assert.Equal(0, queue.DeadLetters);

        var stoppedAt = Stopwatch.GetTimestamp();
        nodeC.Terminate();
        await WaitGoneAsync(monitor, "node-c", stoppedAt, nodeC);
        Assert.Equal(0, await nodeC.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var killedAt = Stopwatch.GetTimestamp();
        nodeD.KillHard();
        await WaitGoneAsync(monitor, "node-d", killedAt, nodeD);
    }

    [Fact]
    public async Task Terminate_NodeWithChunksInProgress_FinishesThemAndExitsWithoutLosingOrRepeatingAny()
    {
        const int Chunks = 60;
        const string Consumer = "drain";
        var options = broker.CreateOptions();
        await using var monitor = new ClusterMonitor(options);
        await monitor.StartAsync(CancellationToken.None);
        var environment = NodeEnvironment.For(options, Consumer, BuiltInHandlers.SlowChecksum, workers: 2);
        using var draining = CliProcess.Start(environment, "node", "--config", WorkerConfig, "--name", "node-e");
        await WaitForNodesAsync(monitor, ["node-e"], draining);
        var sink = new RecordingSink<long>();
        var redelivered = 0;
        await using var origin = ClusterTestKit.CreateOrigin(options, Consumer, BuiltInHandlers.SlowChecksum, sink);
        origin.ReplyObserved = (_, attempt, _) =>
        {
            if (attempt > 1)
            {
                Interlocked.Increment(ref redelivered);
            }
        };
        for (var i = 0; i < Chunks; i++)
        {
            var chunk = ClusterTestKit.MakeChunk("d", Consumer, i, 8192, out _);
            await origin.DispatchAsync(chunk, CancellationToken.None);
        }

        await sink.WaitForAsync(10, TimeSpan.FromSeconds(30), "10 results before SIGTERM");
        draining.Terminate();
        Assert.Equal(0, await draining.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var handledBeforeExit = sink.Outcomes;
        using var successor = CliProcess.Start(environment, "node", "--config", WorkerConfig, "--name", "node-f");
        await sink.WaitForAsync(Chunks, TimeSpan.FromSeconds(60), "every chunk once the successor node took over");

        output.WriteLine($"node-e handled {handledBeforeExit} chunks before exiting; redelivered: {redelivered}");
        // node-e held up to its prefetch (32) when SIGTERM came; a drain that did not finish them would redeliver most.
        // A delivery the quorum queue had already sent when the consumer was cancelled can still reach node-e after
        // the cancel-ok; the client drops it and the broker redelivers it once node-e's channel closes (at most one per
        // worker channel here): handled once elsewhere, nothing lost or duplicated at the origin.
        Assert.True(Volatile.Read(ref redelivered) <= 2, $"{redelivered} chunks were redelivered.\nnode-e:\n{draining.Output}\nnode-f:\n{successor.Output}");
        Assert.Empty(sink.Failures);
        Assert.Equal(Chunks, sink.Results.Count);
        Assert.Equal(0, sink.Duplicates);
        Assert.Contains("draining", draining.Output, StringComparison.Ordinal);

        // node-e may have drained every chunk itself: wait until the successor runs (and handles SIGTERM) before stopping it.
        await WaitForNodesAsync(monitor, ["node-f"], successor);
        successor.Terminate();
        Assert.Equal(0, await successor.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task WaitForNodesAsync(ClusterMonitor monitor, string[] names, params CliProcess[] processes)
    {
        try
        {
            await monitor.WaitForAsync(nodes => Array.TrueForAll(names, name => nodes.Any(n => n.Last.Node == name && !n.IsGone)), CancellationToken.None).WaitAsync(s_startTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Expected nodes {string.Join(", ", names)} to announce themselves within {s_startTimeout}. Output:\n{string.Join("\n---\n", processes.Select(static p => p.Output))}");
        }
    }

    private async Task WaitGoneAsync(ClusterMonitor monitor, string name, long since, CliProcess process)
    {
        try
        {
            await monitor.WaitForAsync(nodes => nodes.Any(n => n.Last.Node == name && n.IsGone), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Expected {name} to appear gone in status. Output:\n{process.Output}");
        }

        var elapsed = Stopwatch.GetElapsedTime(since);
        output.WriteLine($"{name} appeared gone after {elapsed.TotalMilliseconds:0} ms");
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"{name} appeared gone after {elapsed.TotalSeconds:0.0} s; expected within 5 s.");
    }
}

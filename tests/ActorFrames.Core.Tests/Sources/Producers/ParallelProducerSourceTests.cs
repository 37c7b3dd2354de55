using System.Diagnostics;
using ActorFrames.Frames;
using ActorFrames.Sources.Producers;

namespace ActorFrames.Tests.Sources.Producers;

public sealed class ParallelProducerSourceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadAsync_Deterministic_DeliversInCommanderOrderWhateverOrderProducersFinish()
    {
        var commander = new CountingCommander(200);
        await using var source = new ParallelProducerSource<int, int>(new SourceId("det"), commander, i => new EchoProducer(seed: i), new ParallelProducerOptions { Producers = 4, FrameLength = 8 });

        var (elements, frames) = await FrameCollector.DrainAsync(source).WaitAsync(s_timeout);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), frames.Select(f => f.Sequence));
        Assert.Equal(Enumerable.Range(0, 200).SelectMany(i => Enumerable.Repeat(i, 8)), elements);
    }

    [Fact]
    public async Task ReadAsync_AsReady_DeliversFinishedFramesPastASlowOne()
    {
        using var gate = new ManualResetEventSlim();
        var commander = new CountingCommander(40);
        await using var source = new ParallelProducerSource<int, int>(new SourceId("ready"), commander, i => new EchoProducer(seed: i, blockOn: 0, gate), new ParallelProducerOptions { Producers = 2, FrameLength = 4, Order = ProducerOrder.AsReady });

        var early = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            var frame = await source.ReadAsync().AsTask().WaitAsync(s_timeout);
            early.Add(frame!.Sequence);
            frame.Release();
        }

        gate.Set();
        var (_, rest) = await FrameCollector.DrainAsync(source).WaitAsync(s_timeout);

        Assert.DoesNotContain(0L, early);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), early.Concat(rest.Select(f => f.Sequence)).Order());
    }

    [Fact]
    public async Task ReadAsync_SlowConsumer_KeepsAtMostFourFramesPerProducerInFlight()
    {
        var commander = new CountingCommander(1000);
        var producers = new List<EchoProducer>();
        await using var source = new ParallelProducerSource<int, int>(new SourceId("bound"), commander, i =>
        {
            var p = new EchoProducer(seed: i);
            lock (producers)
            {
                producers.Add(p);
            }

            return p;
        }, new ParallelProducerOptions { Producers = 3, FrameLength = 2 });

        var first = await source.ReadAsync().AsTask().WaitAsync(s_timeout);
        first!.Release();

        Assert.Equal(12, source.MaxInFlight);
        Assert.InRange(commander.Created, 12, 13);
        Assert.InRange(source.InFlight, 11, 12);
        var (_, frames) = await FrameCollector.DrainAsync(source).WaitAsync(s_timeout);
        Assert.Equal(999, frames.Count);
        Assert.Equal(0, source.InFlight);
    }

    [Fact]
    public async Task ReadAsync_ProducerThrows_NextReadThrowsEvenWhileWaitingForAnotherFrame()
    {
        using var gate = new ManualResetEventSlim();
        var commander = new CountingCommander(100);
        await using var source = new ParallelProducerSource<int, int>(new SourceId("fail"), commander, i => new EchoProducer(seed: i, blockOn: 0, gate, failOn: 3), new ParallelProducerOptions { Producers = 2, FrameLength = 4 });

        // Message 0 never finishes; message 3 fails: the read waiting for frame 0 must not hang.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => source.ReadAsync().AsTask().WaitAsync(s_timeout));
        gate.Set();

        Assert.Contains("message 3", error.Message, StringComparison.Ordinal);
        Assert.IsType<ArithmeticException>(error.InnerException);
        await Assert.ThrowsAsync<InvalidOperationException>(() => source.ReadAsync().AsTask().WaitAsync(s_timeout));
    }

    [Fact]
    public async Task DisposeAsync_ProducersBusy_ReturnsWithinOneSecondAndReleasesEveryFrameWhenTheyReturn()
    {
        using var gate = new ManualResetEventSlim();
        using var entered = new SemaphoreSlim(0);
        var commander = new CountingCommander(int.MaxValue);
        var source = new ParallelProducerSource<int, int>(new SourceId("stuck"), commander, i => new EchoProducer(seed: i, blockOn: -1, gate, entered: entered), new ParallelProducerOptions { Producers = 2, FrameLength = 1024, DisposeTimeout = TimeSpan.FromMilliseconds(300) });
        var reading = source.ReadAsync().AsTask();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await entered.WaitAsync(s_timeout), "expected both producers to start making a frame");
        }

        var clock = Stopwatch.StartNew();
        await source.DisposeAsync();
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"DisposeAsync took {clock.Elapsed}; with producers stuck it must return after its 300 ms wait, well within 1 s");
        Assert.True(new ParallelProducerOptions().DisposeTimeout <= TimeSpan.FromSeconds(1), "the default dispose wait must keep disposal within 1 s");
        Assert.Equal(2, source.FramesHeld);
        gate.Set();
        await source.Exited.WaitAsync(s_timeout);
        Assert.Equal(0, source.FramesHeld);
        Assert.Equal(0, source.RunningProducers);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => reading.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task DisposeAsync_IdleProducers_StopsEveryThread()
    {
        var source = new ParallelProducerSource<int, int>(new SourceId("idle"), new CountingCommander(3), i => new EchoProducer(seed: i), new ParallelProducerOptions { Producers = 4, FrameLength = 4 });
        var (_, frames) = await FrameCollector.DrainAsync(source).WaitAsync(s_timeout);

        await source.DisposeAsync();

        await source.Exited.WaitAsync(s_timeout);
        Assert.Equal(3, frames.Count);
        Assert.Equal(0, source.FramesHeld);
    }

    private sealed class CountingCommander(int count) : IFrameCommander<int>
    {
        public int Created { get; private set; }

        public bool TryCreateMessage(out int message)
        {
            message = Created;
            if (Created == count)
            {
                return false;
            }

            Created++;
            return true;
        }
    }

    /// <summary>Fills the frame with the message; takes a seeded random amount of work so finishing order varies.</summary>
    private sealed class EchoProducer(int seed, int blockOn = int.MinValue, ManualResetEventSlim? gate = null, int failOn = int.MinValue, SemaphoreSlim? entered = null) : IFrameProducer<int, int>
    {
        private readonly Random _random = new(seed);

        public int Produce(int message, Span<int> destination)
        {
            entered?.Release();
            if (message == blockOn || blockOn == -1)
            {
                gate!.Wait(TimeSpan.FromSeconds(30));
            }

            if (message == failOn)
            {
                throw new ArithmeticException($"cannot make {message}");
            }

            var spin = _random.Next(2000);
            var x = 0;
            for (var i = 0; i < spin; i++)
            {
                x += i;
            }

            destination.Fill(message + (x & 0));
            return destination.Length;
        }
    }
}

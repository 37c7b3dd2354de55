using System.Threading.Tasks.Dataflow;
using ActorFrames.Frames;
using ActorFrames.Rechunking;
using ActorFrames.Streams;

namespace ActorFrames.Tests.Streams;

public sealed class RechunkBlockTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RechunkBlock_LinkedWithCompletion_DeliversEveryChunkAndCompletesDownstream()
    {
        var block = new RechunkBlock<Elem>(new RechunkOptions { Size = 15 }, consumer: "clip");
        var texts = new List<string>();
        var sink = new ActionBlock<Chunk<Elem>>(chunk =>
        {
            using (chunk)
            {
                texts.Add(StreamTestFrames.Text(chunk, static e => e.Value) + (chunk.IsPartial ? "*" : string.Empty));
            }
        });
        block.LinkTo(sink, new DataflowLinkOptions { PropagateCompletion = true });
        var frames = StreamTestFrames.Seed(14, static c => new Elem(c));

        foreach (var frame in frames)
        {
            Assert.True(await block.SendAsync(frame));
        }

        block.Complete();
        await sink.Completion.WaitAsync(s_timeout);

        Assert.Equal(["000011112222333", "344445555666677", "778888999900001", "11122223333*"], texts);
        Assert.True(block.Completion.IsCompletedSuccessfully);
        Assert.All(frames, f => Assert.Equal(0, f.ReferenceCount));
    }

    [Fact]
    public async Task Fault_WithChunksInside_FaultsCompletionDisposesChunksAndReleasesFrames()
    {
        IPropagatorBlock<Frame<Elem>, Chunk<Elem>> block = new RechunkBlock<Elem>(new RechunkOptions { Size = 4 });
        var frames = StreamTestFrames.Seed(6, static c => new Elem(c));
        foreach (var frame in frames)
        {
            Assert.True(block.Post(frame));
        }

        var first = await block.ReceiveAsync(s_timeout);
        first.Dispose();

        block.Fault(new InvalidDataException("upstream broke"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => block.Completion.WaitAsync(s_timeout));
        Assert.Equal("upstream broke", error.Message);
        Assert.All(frames, f => Assert.Equal(0, f.ReferenceCount));
        Assert.False(block.Post(StreamTestFrames.Seed(1, static c => new Elem(c))[0]), "a faulted block must decline frames");
    }

    [Fact]
    public async Task Post_FrameWithOtherChannelCount_FaultsTheBlockNamingTheFrame()
    {
        var block = new RechunkBlock<Elem>(new RechunkOptions { Size = 4 });
        var mono = Frame<Elem>.Copy(new Elem[2], new FrameInfo(new SourceId("s"), 0, StreamTestFrames.T0, Channels: 1));
        var stereo = Frame<Elem>.Copy(new Elem[2], new FrameInfo(new SourceId("s"), 1, StreamTestFrames.T0, Channels: 2));

        block.Post(mono);
        block.Post(stereo);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => block.Completion.WaitAsync(s_timeout));
        Assert.Contains("Frame 1 of source 's' has Channels = 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, mono.ReferenceCount);
        Assert.Equal(0, stereo.ReferenceCount);
    }

    [Fact]
    public async Task RechunkBlock_Cancelled_FaultsWithOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var block = new RechunkBlock<Elem>(new RechunkOptions { Size = 4 }, new DataflowBlockOptions { CancellationToken = cts.Token });
        block.Post(StreamTestFrames.Seed(1, static c => new Elem(c))[0]);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => block.Completion.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task RechunkBlock_BoundedWithDropOldest_KeepsTheNewestChunksAndCountsDrops()
    {
        var block = new RechunkBlock<Elem>(new RechunkOptions { Size = 4, MaxBufferedChunks = 1 }, new DataflowBlockOptions { BoundedCapacity = 1 });
        var frames = StreamTestFrames.Seed(5, static c => new Elem(c));
        foreach (var frame in frames)
        {
            Assert.True(await block.SendAsync(frame).WaitAsync(s_timeout));
        }

        block.Complete();
        var received = new List<(string Text, long Dropped)>();
        while (await block.OutputAvailableAsync().WaitAsync(s_timeout))
        {
            var chunk = await block.ReceiveAsync(s_timeout);
            using (chunk)
            {
                received.Add((StreamTestFrames.Text(chunk, static e => e.Value), chunk.Info.ChunksDroppedBefore));
            }
        }

        Assert.Equal("0000", received[0].Text);
        Assert.Equal("4444", received[^1].Text);
        Assert.Equal(4 - received.Count + 1, received.Sum(r => r.Dropped));
        Assert.Equal(received.Sum(r => r.Dropped), block.Statistics.ChunksDropped);
        Assert.All(frames, f => Assert.Equal(0, f.ReferenceCount));
    }

    private readonly record struct Elem(char Value);
}

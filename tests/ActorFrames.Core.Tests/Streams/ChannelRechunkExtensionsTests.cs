using System.Threading.Channels;
using ActorFrames.Frames;
using ActorFrames.Rechunking;
using ActorFrames.Streams;

namespace ActorFrames.Tests.Streams;

public sealed class ChannelRechunkExtensionsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Rechunk_ChannelOfSeedFrames_ReadsWholeFrameChunksThenCompletes()
    {
        var channel = Channel.CreateUnbounded<Frame<Elem>>();
        var frames = StreamTestFrames.Seed(10, static c => new Elem(c));
        var reader = channel.Reader.Rechunk(new RechunkOptions { Size = 15, Mode = RechunkMode.WholeFrames }, "whole");

        var reading = ReadAllAsync(reader);
        foreach (var frame in frames)
        {
            await channel.Writer.WriteAsync(frame);
        }

        channel.Writer.Complete();
        var texts = await reading.WaitAsync(s_timeout);

        Assert.Equal(["0000111122223333", "4444555566667777", "88889999*"], texts);
        await reader.Completion.WaitAsync(s_timeout);
        Assert.All(frames, f => Assert.Equal(0, f.ReferenceCount));
    }

    [Fact]
    public async Task Rechunk_FrameChannelFails_RethrowsToTheReaderAndFaultsCompletion()
    {
        var channel = Channel.CreateUnbounded<Frame<Elem>>();
        var reader = channel.Reader.Rechunk(new RechunkOptions { Size = 15 });
        foreach (var frame in StreamTestFrames.Seed(3, static c => new Elem(c)))
        {
            channel.Writer.TryWrite(frame);
        }

        channel.Writer.Complete(new InvalidDataException("device unplugged"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await ReadAllAsync(reader).WaitAsync(s_timeout));
        Assert.Equal("device unplugged", error.Message);
        await Assert.ThrowsAsync<InvalidDataException>(() => reader.Completion.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Create_WriteFramesAndComplete_ReadsChunksWithSequences()
    {
        var channel = RechunkChannel.Create<Elem>(new RechunkOptions { Size = 8 }, new BoundedChannelOptions(4));
        var frames = StreamTestFrames.Seed(5, static c => new Elem(c));

        var reading = Task.Run(async () =>
        {
            var sequences = new List<long>();
            await foreach (var chunk in channel.Reader.ReadAllAsync())
            {
                using (chunk)
                {
                    sequences.Add(chunk.Sequence);
                }
            }

            return sequences;
        });
        foreach (var frame in frames)
        {
            await channel.Writer.WriteAsync(frame);
        }

        channel.Writer.Complete();

        Assert.Equal([0L, 1L, 2L], await reading.WaitAsync(s_timeout));
        Assert.All(frames, f => Assert.Equal(0, f.ReferenceCount));
    }

    [Fact]
    public async Task Create_BoundedDropOldestFrameChannel_ReleasesDroppedFrames()
    {
        var channel = RechunkChannel.Create<Elem>(new RechunkOptions { Size = 4 }, new BoundedChannelOptions(2) { FullMode = BoundedChannelFullMode.DropOldest });
        var frames = StreamTestFrames.Seed(5, static c => new Elem(c));

        foreach (var frame in frames)
        {
            Assert.True(channel.Writer.TryWrite(frame));
        }

        channel.Writer.Complete();
        var texts = await ReadAllAsync(channel.Reader).WaitAsync(s_timeout);

        Assert.Equal(["3333", "4444"], texts);
        Assert.All(frames, f => Assert.Equal(0, f.ReferenceCount));
    }

    private static async Task<List<string>> ReadAllAsync(ChannelReader<Chunk<Elem>> reader)
    {
        var texts = new List<string>();
        await foreach (var chunk in reader.ReadAllAsync())
        {
            using (chunk)
            {
                texts.Add(StreamTestFrames.Text(chunk, static e => e.Value) + (chunk.IsPartial ? "*" : string.Empty));
            }
        }

        return texts;
    }

    private readonly record struct Elem(char Value);
}

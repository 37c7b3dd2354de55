using System.Runtime.CompilerServices;
using ActorFrames.Frames;
using ActorFrames.Rechunking;
using ActorFrames.Streams;

namespace ActorFrames.Tests.Streams;

public sealed class AsyncEnumerableRechunkExtensionsTests
{
    [Fact]
    public async Task Rechunk_SeedFrames_YieldsClippedChunksThenThePartialTailAndReleasesEveryFrame()
    {
        var frames = StreamTestFrames.Seed(14, static c => new Elem(c));

        var texts = new List<string>();
        await foreach (var chunk in Produce(frames).Rechunk(new RechunkOptions { Size = 15 }, "clip"))
        {
            using (chunk)
            {
                texts.Add(StreamTestFrames.Text(chunk, static e => e.Value) + (chunk.IsPartial ? "*" : string.Empty));
                Assert.Equal("clip", chunk.Consumer);
            }
        }

        Assert.Equal(["000011112222333", "344445555666677", "778888999900001", "11122223333*"], texts);
        Assert.All(frames, f => Assert.Equal(0, f.ReferenceCount));
    }

    [Fact]
    public async Task Rechunk_Cancelled_StopsWithOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var frames = StreamTestFrames.Seed(8, static c => new Elem(c));
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in Produce(frames).Rechunk(new RechunkOptions { Size = 4 }).WithCancellation(cts.Token))
            {
                chunk.Dispose();
                seen++;
                await cts.CancelAsync();
            }
        });

        Assert.Equal(1, seen);
    }

    [Fact]
    public void Rechunk_InvalidOptions_ThrowsBeforeEnumerating()
    {
        var error = Assert.Throws<ArgumentException>(() => Produce(new List<Frame<Elem>>()).Rechunk(new RechunkOptions { Size = 0 }));

        Assert.Contains("RechunkOptions[default].Size = 0", error.Message, StringComparison.Ordinal);
    }

    private static async IAsyncEnumerable<Frame<Elem>> Produce(List<Frame<Elem>> frames, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var frame in frames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return frame;
        }
    }

    /// <summary>An element type of this class alone, so no other test reuses its pooled frames.</summary>
    private readonly record struct Elem(char Value);
}

using ActorFrames.Frames;

namespace ActorFrames.Tests.Chunks;

public sealed class ChunkTests
{
    private static readonly ChunkInfo s_info = new(new SourceId("s"), "c", 0, DateTimeOffset.UnixEpoch, 1, 8000);

    [Fact]
    public void Copy_HoldsACopyOfTheElementsAndItsMetadata()
    {
        var data = new short[] { 1, -2, 3 };
        using var chunk = Chunk<short>.Copy(data, s_info);
        data[0] = 99;

        Assert.Equal(new short[] { 1, -2, 3 }, chunk.Span.ToArray());
        Assert.Equal(3, chunk.Length);
        Assert.Equal(s_info, chunk.Info);
    }

    [Fact]
    public void Dispose_OfACopiedChunkHandedOnAndDisposedAgain_NeverDisposesAnotherChunk()
    {
        // A stray second dispose after the owner's (for instance by code that handed the chunk to a dispatcher and
        // disposes it again) must not dispose another chunk: the copied chunk object is never reused.
        var copied = Chunk<int>.Copy([1, 2, 3], s_info);
        copied.Dispose();

        // Take every pooled chunk object there is (the pool keeps at most 1024) and then some.
        var rented = new List<Chunk<int>>();
        for (var i = 0; i < 1100; i++)
        {
            rented.Add(Chunk<int>.Rent(4, s_info, out var span));
            span.Fill(i);
        }

        copied.Dispose();

        Assert.DoesNotContain(rented, chunk => ReferenceEquals(chunk, copied));
        Assert.All(rented, static chunk => Assert.False(chunk.IsDisposed));
        for (var i = 0; i < rented.Count; i++)
        {
            Assert.Equal(i, rented[i].Span[0]);
            rented[i].Dispose();
        }
    }
}

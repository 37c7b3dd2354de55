using ActorFrames.Frames;
using ActorFrames.Results;

namespace ActorFrames.Tests.Results;

public sealed class ResultCollectorTests
{
    private static readonly SourceId s_stream = new("s");

    [Fact]
    public void OnResult_EmissionOrderWithShuffledArrivals_DeliversInSequenceOrder()
    {
        var delivered = new List<long>();
        var collector = new ResultCollector<long>(ResultOrdering.Emission, r => delivered.Add(r.Value), stream: false);
        var random = new Random(1234);
        var order = Enumerable.Range(0, 10_000).Select(i => (long)i).OrderBy(_ => random.Next()).ToArray();

        foreach (var sequence in order)
        {
            collector.OnResult(Info(sequence), sequence);
        }

        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (long)i), delivered);
        Assert.Equal(0, collector.Pending);
        Assert.Equal(10_000, collector.Delivered);
    }

    [Fact]
    public void OnResult_Duplicates_AreDroppedAndCounted()
    {
        var delivered = new List<long>();
        var collector = new ResultCollector<long>(ResultOrdering.AsCompleted, r => delivered.Add(r.Chunk.Sequence), stream: false);

        collector.OnResult(Info(1), 1);
        collector.OnResult(Info(1), 1);
        collector.OnResult(Info(0), 0);
        collector.OnResult(Info(0), 0);
        collector.OnResult(Info(1), 1);

        Assert.Equal([1L, 0L], delivered);
        Assert.Equal(3, collector.Duplicates);
    }

    [Fact]
    public void OnFailed_InEmissionOrder_TakesItsPlaceAndReleasesLaterResults()
    {
        var delivered = new List<ChunkResult<long>>();
        var collector = new ResultCollector<long>(ResultOrdering.Emission, delivered.Add, stream: false);

        collector.OnResult(Info(1), 1);
        collector.OnResult(Info(2), 2);
        Assert.Empty(delivered);
        collector.OnFailed(Info(0), new InvalidOperationException("boom"));

        Assert.Equal([0L, 1L, 2L], delivered.Select(r => r.Chunk.Sequence));
        Assert.False(delivered[0].IsSuccess);
        Assert.Equal(1, collector.Failed);
    }

    [Fact]
    public void OnResult_SeveralStreams_OrdersEachStreamSeparately()
    {
        var delivered = new List<string>();
        var collector = new ResultCollector<long>(ResultOrdering.Emission, r => delivered.Add($"{r.Chunk.Source}{r.Chunk.Sequence}"), stream: false);

        collector.OnResult(Info(1, "a"), 0);
        collector.OnResult(Info(0, "b"), 0);
        collector.OnResult(Info(0, "a"), 0);

        Assert.Equal(["b0", "a0", "a1"], delivered);
    }

    [Fact]
    public async Task ReadAllAsync_WhenStreaming_YieldsEveryOutcomeOnceThenCompletes()
    {
        var collector = new ResultCollector<long>(ResultOrdering.Emission, null, stream: true);
        for (var i = 99; i >= 0; i--)
        {
            collector.OnResult(Info(i), i * 10);
        }

        collector.Complete();
        var read = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var result in collector.ReadAllAsync(timeout.Token))
        {
            read.Add(result.Value);
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 10L), read);
    }

    [Fact]
    public void ReadAllAsync_WithoutStreaming_ThrowsNamingTheFix()
    {
        var collector = new ResultCollector<long>(ResultOrdering.Emission, null, stream: false);

        var error = Assert.Throws<InvalidOperationException>(() => collector.ReadAllAsync());

        Assert.Contains("enable streaming", error.Message, StringComparison.Ordinal);
    }

    private static ChunkInfo Info(long sequence, string stream = "s")
        => new(stream == "s" ? s_stream : new SourceId(stream), "c", sequence, DateTimeOffset.UnixEpoch);
}

using System.Runtime.CompilerServices;
using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

/// <summary>Small sources for mux tests: strings, empty and infinite streams, truly asynchronous streams, open-iteration tracking.</summary>
internal static class TestStreams
{
    public static Streamer<char> Of(string items) => new(() => items);

    public static Streamer<char>[] Of(params string[] items) => Array.ConvertAll(items, Of);

    /// <summary>A stream that yields to the scheduler before every item, so the asynchronous path really suspends.</summary>
    public static Streamer<char> OfAsync(string items) => new(() => YieldEachAsync(items));

    public static Streamer<int> Empty() => new(() => Array.Empty<int>());

    /// <summary>An asynchronous source (read through the asynchronous path) that completes synchronously, so it needs no thread-pool hop.</summary>
    public static Streamer<int> EmptyAsync() => new(() => NothingAsync<int>());

    public static Streamer<int> Repeat(int value) => new(() => RepeatForever(value));

    public static Streamer<int> Range(int start, int count) => new(() => Enumerable.Range(start, count));

    /// <summary>
    /// Reads the stream asynchronously, failing with <paramref name="expectation"/> if it is still running after
    /// <paramref name="timeoutSeconds"/> (a hang guard; the termination tests pass one second).
    /// </summary>
    public static async Task<List<T>> DrainAsync<T>(IAsyncEnumerable<T> stream, string expectation, int maxItems = int.MaxValue, double timeoutSeconds = 10)
    {
        TimeSpan timeout = TimeSpan.FromSeconds(timeoutSeconds);
        using var cancellation = new CancellationTokenSource(timeout);
        var items = new List<T>();
        try
        {
            await foreach (T item in stream.WithCancellation(cancellation.Token))
            {
                items.Add(item);
                if (items.Count >= maxItems)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Assert.Fail($"Expected {expectation} within {timeout.TotalSeconds} s, but the stream was still running after {items.Count} items.");
        }

        return items;
    }

#pragma warning disable CS1998 // An async iterator without awaits: asynchronous in type, synchronous in completion.
    private static async IAsyncEnumerable<T> NothingAsync<T>()
    {
        yield break;
    }
#pragma warning restore CS1998

    private static IEnumerable<int> RepeatForever(int value)
    {
        while (true)
        {
            yield return value;
        }
    }

    private static async IAsyncEnumerable<T> YieldEachAsync<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (T item in items)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.Yield();
    }
}

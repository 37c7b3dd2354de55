using System.Collections.Concurrent;
using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Tests.Infrastructure;

/// <summary>A result sink that records every outcome, counts duplicates and signals when enough outcomes arrived.</summary>
/// <typeparam name="TResult">The result type.</typeparam>
internal sealed class RecordingSink<TResult> : IResultSink<TResult>
{
    private readonly ConcurrentDictionary<(string Stream, long Sequence), TResult> _results = new();
    private readonly ConcurrentDictionary<(string Stream, long Sequence), Exception> _failures = new();
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _outcomes;
    private int _duplicates;

    public IReadOnlyDictionary<(string Stream, long Sequence), TResult> Results => _results;

    public IReadOnlyDictionary<(string Stream, long Sequence), Exception> Failures => _failures;

    public int Duplicates => Volatile.Read(ref _duplicates);

    public int Outcomes => Volatile.Read(ref _outcomes);

    public void OnResult(in ChunkInfo chunk, TResult value)
    {
        var key = (chunk.Source.Value, chunk.Sequence);
        if (!_results.TryAdd(key, value) || _failures.ContainsKey(key))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        Arrived();
    }

    public void OnFailed(in ChunkInfo chunk, Exception error)
    {
        var key = (chunk.Source.Value, chunk.Sequence);
        if (!_failures.TryAdd(key, error) || _results.ContainsKey(key))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        Arrived();
    }

    /// <summary>Waits until <paramref name="count"/> outcomes arrived.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout, string what)
    {
        Task signal;
        lock (_gate)
        {
            if (_outcomes >= count)
            {
                return;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, waiter));
            signal = waiter.Task;
        }

        try
        {
            await signal.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Expected {count} outcomes ({what}) within {timeout}, got {Outcomes} ({_results.Count} results, {_failures.Count} failures).");
        }
    }

    private void Arrived()
    {
        lock (_gate)
        {
            _outcomes++;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_outcomes >= _waiters[i].Count)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}

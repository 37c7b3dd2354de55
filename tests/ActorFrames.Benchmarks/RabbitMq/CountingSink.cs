using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>Counts outcomes and completes a task when the expected number arrived.</summary>
internal sealed class CountingSink : IResultSink<long>
{
    private int _remaining;
    private int _failures;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Failures => Volatile.Read(ref _failures);

    public Task Expect(int count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, count);
        return _done.Task;
    }

    public void OnResult(in ChunkInfo chunk, long value) => Arrived();

    public void OnFailed(in ChunkInfo chunk, Exception error)
    {
        Interlocked.Increment(ref _failures);
        Arrived();
    }

    private void Arrived()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }
}

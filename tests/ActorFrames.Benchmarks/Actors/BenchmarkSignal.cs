namespace ActorFrames.Benchmarks.Actors;

/// <summary>A countdown the benchmark thread blocks on (Monitor-based, so there is nothing to dispose).</summary>
internal sealed class BenchmarkSignal
{
    private readonly object _lock = new();
    private int _remaining;

    public void Reset(int count) => Volatile.Write(ref _remaining, count);

    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            lock (_lock)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }

    public void Wait(string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        lock (_lock)
        {
            while (Volatile.Read(ref _remaining) > 0)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"{what} did not finish within 60 s.");
                }

                Monitor.Wait(_lock, left);
            }
        }
    }
}

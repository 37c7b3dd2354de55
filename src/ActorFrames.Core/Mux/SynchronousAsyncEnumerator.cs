namespace ActorFrames.Mux;

/// <summary>Presents a synchronous iteration as an asynchronous one (one allocation per iteration, none per item).</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class SynchronousAsyncEnumerator<T> : IAsyncEnumerator<T>
{
    private readonly IEnumerator<T> _inner;
    private readonly CancellationToken _cancellationToken;

    public SynchronousAsyncEnumerator(IEnumerator<T> inner, CancellationToken cancellationToken)
    {
        _inner = inner;
        _cancellationToken = cancellationToken;
    }

    public T Current => _inner.Current;

    public ValueTask<bool> MoveNextAsync()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<bool>(_inner.MoveNext());
    }

    public ValueTask DisposeAsync()
    {
        _inner.Dispose();
        return ValueTask.CompletedTask;
    }
}

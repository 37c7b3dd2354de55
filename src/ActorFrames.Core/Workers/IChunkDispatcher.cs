using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>
/// Where a consumer's chunks go to be handled: one seam, four kinds (inline, local pool, child processes,
/// cluster). A dispatcher reports every accepted chunk exactly once to its <see cref="IResultSink{TResult}"/>,
/// as a result or as a failure.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IChunkDispatcher<T> : IAsyncDisposable
    where T : unmanaged
{
    /// <summary>Gets the number of chunks accepted whose outcome is not yet reported.</summary>
    int InFlight { get; }

    /// <summary>
    /// Hands a chunk on; the dispatcher owns it from the call on (it disposes it, also on failure). Completes
    /// synchronously while fewer than the in-flight limit are outstanding, and otherwise when there is room
    /// again (backpressure).
    /// </summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="cancellationToken">Cancels the wait for room.</param>
    /// <returns>A task that completes when the chunk was accepted.</returns>
    ValueTask DispatchAsync(Chunk<T> chunk, CancellationToken cancellationToken);

    /// <summary>Completes when every accepted chunk's outcome was reported.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when nothing is in flight.</returns>
    Task DrainAsync(CancellationToken cancellationToken);
}

using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>Receives the outcome of every dispatched chunk (at the origin: the result collector).</summary>
/// <typeparam name="TResult">The handler's result type.</typeparam>
internal interface IResultSink<TResult>
{
    /// <summary>A handler produced <paramref name="value"/> for the chunk described by <paramref name="chunk"/>. May be called from any thread, and more than once for one chunk after a redelivery: the sink de-duplicates.</summary>
    /// <param name="chunk">The chunk's metadata.</param>
    /// <param name="value">The result.</param>
    void OnResult(in ChunkInfo chunk, TResult value);

    /// <summary>The chunk could not be handled (retries exhausted, dead-lettered).</summary>
    /// <param name="chunk">The chunk's metadata.</param>
    /// <param name="error">Why.</param>
    void OnFailed(in ChunkInfo chunk, Exception error);
}

using ActorFrames.Frames;

namespace ActorFrames.Results;

/// <summary>The outcome of one chunk at the origin: its handler's result, or why it has none.</summary>
/// <typeparam name="TResult">The handler's result type.</typeparam>
/// <param name="Chunk">The chunk's metadata (stream, consumer, sequence, timestamp, ...).</param>
/// <param name="Value">The result; <see langword="default"/> when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the chunk has no result (its handler failed beyond the retry limit), or <see langword="null"/>.</param>
public readonly record struct ChunkResult<TResult>(ChunkInfo Chunk, TResult? Value, Exception? Error = null)
{
    /// <summary>Gets whether the handler produced a result.</summary>
    public bool IsSuccess => Error is null;
}

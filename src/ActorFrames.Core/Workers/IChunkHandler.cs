using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>
/// The work a consumer does on each chunk. Handlers are registered by name in a <see cref="HandlerRegistry"/>
/// that every process builds from the same code, so that a chunk can be handled inline, on a local pool,
/// in a child process or on another machine without the data ever naming a type.
/// </summary>
/// <typeparam name="T">The element type of the chunks.</typeparam>
/// <typeparam name="TResult">The result sent back to the origin.</typeparam>
public interface IChunkHandler<T, TResult>
    where T : unmanaged
{
    /// <summary>Handles one chunk. The worker disposes the chunk once the returned task completes.</summary>
    /// <param name="chunk">The chunk; valid until the returned task completes.</param>
    /// <param name="cancellationToken">Cancelled when the pipeline stops.</param>
    /// <returns>The result for this chunk.</returns>
    ValueTask<TResult> HandleAsync(Chunk<T> chunk, CancellationToken cancellationToken);
}

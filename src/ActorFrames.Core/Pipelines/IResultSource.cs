using ActorFrames.Results;

namespace ActorFrames.Pipelines;

/// <summary>A consumer whose outcomes can be read as a stream.</summary>
/// <typeparam name="TResult">The result type.</typeparam>
internal interface IResultSource<TResult>
{
    /// <summary>Reads the outcomes.</summary>
    IAsyncEnumerable<ChunkResult<TResult>> ReadAllAsync(CancellationToken cancellationToken);
}

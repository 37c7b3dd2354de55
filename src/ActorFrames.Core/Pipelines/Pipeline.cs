using ActorFrames.Frames;

namespace ActorFrames.Pipelines;

/// <summary>
/// Entry point of the pipeline DSL:
/// <c>Pipeline.From(frames).Consumer&lt;Level&gt;("level", TimeSpan.FromSeconds(0.5), "level", WorkerMode.Pool(2)).RunAsync(ct)</c>.
/// </summary>
public static class Pipeline
{
    /// <summary>Starts a pipeline over a source of frames.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="frames">
    /// The frames; each one yielded passes its reference to the pipeline, which releases it once every
    /// consumer has cut it.
    /// </param>
    /// <returns>A builder to add consumers to.</returns>
    public static PipelineBuilder<T> From<T>(IAsyncEnumerable<Frame<T>> frames)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(frames);
        return new PipelineBuilder<T>(frames);
    }
}

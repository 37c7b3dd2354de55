using ActorFrames.Actors;

namespace ActorFrames.Pipelines;

/// <summary>
/// The root of one pipeline run: spawns the consumers' rechunk actors and the source actor as its children
/// and supervises them. A child that fails stops, and its error fails the run (the supervisor decider records it).
/// </summary>
internal sealed class PipelineActor(Action<IActorContext> start, TaskCompletionSource stopped) : IActor
{
    /// <inheritdoc />
    public ValueTask PreStartAsync(IActorContext context)
    {
        start(context);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask PostStopAsync(IActorContext context)
    {
        // Children stop before their parent: once this runs, every actor of the run has stopped.
        stopped.TrySetResult();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(IActorContext context) => context.Message switch
    {
        Terminated => ValueTask.CompletedTask,
        _ => throw new InvalidOperationException($"The pipeline actor got an unexpected {context.Message.GetType().Name}."),
    };
}

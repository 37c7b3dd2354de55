using ActorFrames.Actors;

namespace ActorFrames.Tests.Actors;

/// <summary>An actor whose handler is a delegate, to keep tests short.</summary>
internal sealed class FuncActor(Func<IActorContext, ValueTask> receive) : IActor
{
    public ValueTask ReceiveAsync(IActorContext context) => receive(context);

    public static Props Props(Func<IActorContext, ValueTask> receive) => ActorFrames.Actors.Props.Create(() => new FuncActor(receive));

    public static Props Props(Action<IActorContext> receive) => Props(context =>
    {
        receive(context);
        return ValueTask.CompletedTask;
    });
}

/// <summary>Replies to every message with the same message.</summary>
internal sealed class EchoActor : IActor
{
    public static Props Props { get; } = ActorFrames.Actors.Props.Create(() => new EchoActor());

    public ValueTask ReceiveAsync(IActorContext context)
    {
        context.Respond(context.Message);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Reports every lifecycle hook and message to a probe, and throws on <see cref="Exception"/> messages.</summary>
internal sealed class LifecycleActor(IActorRef probe, string name) : IActor
{
    public ValueTask PreStartAsync(IActorContext context)
    {
        probe.Tell($"{name}:PreStart");
        return ValueTask.CompletedTask;
    }

    public ValueTask PostStopAsync(IActorContext context)
    {
        probe.Tell($"{name}:PostStop");
        return ValueTask.CompletedTask;
    }

    public ValueTask PreRestartAsync(IActorContext context, Exception cause, object? failedMessage)
    {
        probe.Tell($"{name}:PreRestart:{cause.Message}:{failedMessage ?? "-"}");
        return ValueTask.CompletedTask;
    }

    public ValueTask PostRestartAsync(IActorContext context, Exception cause)
    {
        probe.Tell($"{name}:PostRestart:{cause.Message}");
        return ValueTask.CompletedTask;
    }

    public ValueTask ReceiveAsync(IActorContext context)
    {
        switch (context.Message)
        {
            case Exception ex:
                throw ex;
            case Props child:
                context.Respond(context.Spawn(child, "child"));
                break;
            case (Props props, string childName):
                context.Respond(context.Spawn(props, childName));
                break;
            default:
                probe.Tell($"{name}:{context.Message}");
                break;
        }

        return ValueTask.CompletedTask;
    }
}

internal static class ActorSystemTestExtensions
{
    /// <summary>Shuts the system down and checks that no actor is left running.</summary>
    public static async Task ShutdownAndAssertEmptyAsync(this ActorSystem system)
    {
        await system.ShutdownAsync();
        Assert.True(system.ActorCount == 0, $"Expected no actors after shutdown of '{system}', found {system.ActorCount}.");
    }
}

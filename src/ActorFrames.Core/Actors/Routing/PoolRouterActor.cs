namespace ActorFrames.Actors.Routing;

/// <summary>The router's own actor: supervises and watches the routees, resizes the pool, answers routee queries.</summary>
internal sealed class PoolRouterActor(RouterActorRef router, Props routeeProps) : IActor
{
    public ValueTask PreStartAsync(IActorContext context)
    {
        foreach (var routee in router.CurrentRoutees())
        {
            context.Watch(routee);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReceiveAsync(IActorContext context)
    {
        switch (context.Message)
        {
            case Resize resize:
                OnResize(context, resize.NrOfInstances);
                break;
            case RouteesRequest:
                context.Respond(new RouteesResponse(router.Routees));
                break;
            case Terminated terminated:
                OnRouteeStopped(context, terminated.Actor);
                break;
            default:
                context.System.DeadLetters.Publish(context.Message, context.Sender, context.Self, DeadLetterReason.NoRecipient);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void OnResize(IActorContext context, int target)
    {
        var current = router.CurrentRoutees();
        if (target == current.Length)
        {
            return;
        }

        var next = new IActorRef[target];
        Array.Copy(current, next, Math.Min(target, current.Length));
        for (int i = current.Length; i < target; i++)
        {
            next[i] = context.Watch(context.Spawn(routeeProps));
        }

        router.Publish(next);
        for (int i = target; i < current.Length; i++)
        {
            context.Unwatch(current[i]);
            context.Stop(current[i]);
        }
    }

    private void OnRouteeStopped(IActorContext context, IActorRef routee)
    {
        var current = router.CurrentRoutees();
        int index = Array.IndexOf(current, routee);
        if (index < 0)
        {
            return;
        }

        var next = new IActorRef[current.Length - 1];
        Array.Copy(current, next, index);
        Array.Copy(current, index + 1, next, index, current.Length - index - 1);
        router.Publish(next);
        if (next.Length == 0)
        {
            context.Stop(context.Self);
        }
    }
}

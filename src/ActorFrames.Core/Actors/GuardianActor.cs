namespace ActorFrames.Actors;

/// <summary>The parent of all top-level actors. Messages sent to it become dead letters.</summary>
internal sealed class GuardianActor : IActor
{
    public ValueTask ReceiveAsync(IActorContext context)
    {
        context.System.DeadLetters.Publish(context.Message, context.Sender, context.Self, DeadLetterReason.NoRecipient);
        return ValueTask.CompletedTask;
    }
}

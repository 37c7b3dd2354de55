namespace ActorFrames.Actors;

/// <summary>A reference the kernel can send system messages to (actors, probes, promises, dead letters).</summary>
internal interface IInternalActorRef : IActorRef
{
    /// <summary>Delivers <paramref name="message"/> ahead of user messages; handles it as for a stopped actor when the target has stopped.</summary>
    void SendSystemMessage(SystemMessage message);
}

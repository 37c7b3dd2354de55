namespace ActorFrames.Actors;

/// <summary>
/// A message that stops its recipient once every message queued before it has been handled (unlike
/// <see cref="IActorContext.Stop"/>, which stops after the current message).
/// </summary>
public sealed record PoisonPill
{
    private PoisonPill()
    {
    }

    /// <summary>The one instance.</summary>
    public static PoisonPill Instance { get; } = new();
}

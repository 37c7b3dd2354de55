namespace ActorFrames.Actors;

/// <summary>
/// Delivered to a watcher when a watched actor has stopped: exactly once per watch, also when the actor had
/// already stopped when the watch began. Its sender is the stopped actor.
/// </summary>
/// <param name="Actor">The actor that stopped.</param>
public sealed record Terminated(IActorRef Actor);

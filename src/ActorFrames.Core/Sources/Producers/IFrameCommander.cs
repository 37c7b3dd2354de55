namespace ActorFrames.Sources.Producers;

/// <summary>
/// Decides what the producers make next: one message per frame (an index, a file offset, a random seed). Called from
/// the consumer's thread only, one message at a time, so it needs no locking.
/// </summary>
/// <typeparam name="TMessage">The message type.</typeparam>
public interface IFrameCommander<TMessage>
{
    /// <summary>Creates the next message.</summary>
    /// <param name="message">The message for the next frame.</param>
    /// <returns><see langword="false"/> when there is nothing more to produce: the source ends once the frames in flight are read.</returns>
    bool TryCreateMessage(out TMessage message);
}

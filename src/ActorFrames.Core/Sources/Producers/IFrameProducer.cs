namespace ActorFrames.Sources.Producers;

/// <summary>
/// Makes the elements of one frame from a commander's message. Each producer thread has its own instance, so an
/// implementation may keep scratch state without locking.
/// </summary>
/// <typeparam name="TMessage">The message type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public interface IFrameProducer<in TMessage, T>
    where T : unmanaged
{
    /// <summary>Fills <paramref name="destination"/> for <paramref name="message"/>.</summary>
    /// <param name="message">What to make.</param>
    /// <param name="destination">The frame's elements (<see cref="ParallelProducerOptions.FrameLength"/> of them).</param>
    /// <returns>How many elements were written: a multiple of the channel count, at most the destination's length.</returns>
    int Produce(TMessage message, Span<T> destination);
}

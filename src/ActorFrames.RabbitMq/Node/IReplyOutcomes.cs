namespace ActorFrames.RabbitMq.Node;

/// <summary>What a <see cref="ResultBatcher"/> tells its pool about the chunks it was given.</summary>
internal interface IReplyOutcomes
{
    /// <summary>Chunks whose replies were confirmed and which were acknowledged.</summary>
    /// <param name="processed">Chunks whose handler succeeded.</param>
    /// <param name="deadLettered">Chunks that were dead-lettered.</param>
    void Settled(int processed, int deadLettered);

    /// <summary>Chunks left unacknowledged: the broker redelivers them.</summary>
    /// <param name="count">How many.</param>
    void Unsettled(int count);

    /// <summary>The result channel failed; the session must be reopened so that the broker redelivers what is held.</summary>
    /// <param name="error">Why.</param>
    void Lost(Exception error);
}

using ActorFrames.RabbitMq.Wire;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>
/// Receives the outcomes of a dispatcher's chunks: what worker nodes send back, what the broker dead-letters, and the
/// chunks the publisher had to let go unpublished.
/// </summary>
internal interface IReplyReceiver
{
    /// <summary>An outcome arrived (possibly a duplicate after a redelivery).</summary>
    /// <param name="record">The chunk's id, attempt, status and payload; only valid during the call.</param>
    /// <param name="node">The worker node's name (UTF-8); only valid during the call.</param>
    void OnReply(in ReplyRecord record, ReadOnlySpan<byte> node);

    /// <summary>The broker dead-lettered a chunk without any worker settling it (its delivery limit was reached).</summary>
    /// <param name="id">The chunk's id.</param>
    /// <param name="reason">The broker's reason, such as <c>delivery_limit</c>.</param>
    /// <param name="deadLetterQueue">Where the chunk waits.</param>
    void OnDeadLettered(long id, string reason, string deadLetterQueue);

    /// <summary>A spooled chunk can never be published (its body is gone); the spool has let it go.</summary>
    /// <param name="id">The chunk's id.</param>
    /// <param name="error">Why.</param>
    void OnUnpublishable(long id, Exception error);
}

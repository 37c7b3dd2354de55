using ActorFrames.RabbitMq.Wire;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>Receives the outcomes that worker nodes send back for a dispatcher's chunks.</summary>
internal interface IReplyReceiver
{
    /// <summary>An outcome arrived (possibly a duplicate after a redelivery).</summary>
    /// <param name="record">The chunk's id, attempt, status and payload; only valid during the call.</param>
    /// <param name="node">The worker node's name (UTF-8); only valid during the call.</param>
    void OnReply(in ReplyRecord record, ReadOnlySpan<byte> node);
}

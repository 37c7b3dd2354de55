using RabbitMQ.Client;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>Receives the replies that worker nodes send back for a dispatcher's chunks.</summary>
internal interface IReplyReceiver
{
    /// <summary>A reply arrived (possibly a duplicate after a redelivery).</summary>
    /// <param name="id">The chunk's id.</param>
    /// <param name="succeeded">Whether the handler produced a result.</param>
    /// <param name="body">The encoded result; only valid during the call.</param>
    /// <param name="properties">The reply's properties (error details on failure).</param>
    void OnReply(long id, bool succeeded, ReadOnlySpan<byte> body, IReadOnlyBasicProperties properties);
}

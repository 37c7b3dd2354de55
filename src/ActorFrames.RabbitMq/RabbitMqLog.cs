using Microsoft.Extensions.Logging;

namespace ActorFrames.RabbitMq;

/// <summary>Log messages of the cluster transport (event ids 5100-5199).</summary>
internal static partial class RabbitMqLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Origin of consumer {Consumer} connected to the broker (reply queue {ReplyQueue}, {Waiting} chunks waiting)")]
    public static partial void OriginConnected(ILogger logger, string consumer, string replyQueue, int waiting);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Origin of consumer {Consumer} lost the broker; reconnecting in {Delay} ({Waiting} chunks spooled)")]
    public static partial void OriginDisconnected(ILogger logger, Exception error, string consumer, TimeSpan delay, int waiting);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Origin of consumer {Consumer} dropped chunk {Id}: the spool is full")]
    public static partial void ChunkDropped(ILogger logger, string consumer, long id);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Origin of consumer {Consumer} ignored a malformed reply")]
    public static partial void MalformedReply(ILogger logger, Exception error, string consumer);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Error, Message = "Origin of consumer {Consumer} could not publish chunk {Id}; it is reported as failed")]
    public static partial void ChunkUnpublishable(ILogger logger, Exception error, string consumer, long id);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Node {Node} connected; pools: {Pools}")]
    public static partial void NodeConnected(ILogger logger, string node, string pools);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Node {Node} lost the broker; reconnecting in {Delay}")]
    public static partial void NodeDisconnected(ILogger logger, Exception error, string node, TimeSpan delay);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Information, Message = "Node {Node} draining: {InFlight} chunks in progress")]
    public static partial void NodeDraining(ILogger logger, string node, int inFlight);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Information, Message = "Node {Node} stopped")]
    public static partial void NodeStopped(ILogger logger, string node);

    [LoggerMessage(EventId = 5114, Level = LogLevel.Warning, Message = "Node {Node} gave up draining after {Timeout}; {InFlight} chunks go back to the broker")]
    public static partial void DrainTimedOut(ILogger logger, string node, TimeSpan timeout, int inFlight);

    [LoggerMessage(EventId = 5120, Level = LogLevel.Debug, Message = "Pool {Consumer}: handler failed on attempt {Attempt} of {Limit}; requeued")]
    public static partial void HandlerFailedRequeued(ILogger logger, Exception error, string consumer, int attempt, int limit);

    [LoggerMessage(EventId = 5121, Level = LogLevel.Warning, Message = "Pool {Consumer}: chunk dead-lettered after {Attempt} deliveries")]
    public static partial void ChunkDeadLettered(ILogger logger, Exception error, string consumer, int attempt);

    [LoggerMessage(EventId = 5122, Level = LogLevel.Debug, Message = "Pool {Consumer}: the channel closed before a chunk was settled; the broker redelivers it")]
    public static partial void SettleLost(ILogger logger, Exception error, string consumer);

    [LoggerMessage(EventId = 5123, Level = LogLevel.Warning, Message = "Pool {Consumer}: a chunk without reply-to was handled; its result has nowhere to go")]
    public static partial void NoReplyTo(ILogger logger, string consumer);

    [LoggerMessage(EventId = 5130, Level = LogLevel.Debug, Message = "Status monitor ignored a malformed heartbeat")]
    public static partial void MalformedHeartbeat(ILogger logger, Exception error);
}

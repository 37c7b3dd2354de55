using ActorFrames.RabbitMq.Wire;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorFrames.RabbitMq.Node;

/// <summary>
/// Dead-letters a chunk a worker gave up on: the original message, body and headers, plus the node, the attempt and
/// the error, published straight to the consumer's dead-letter queue (not through the dead-letter exchange, so origins
/// hear of it only through the failure reply the worker sends).
/// </summary>
internal static class DeadLetters
{
    /// <summary>Publishes the dead letter and completes when the broker confirmed it.</summary>
    /// <param name="channel">A confirming channel.</param>
    /// <param name="queue">The consumer's dead-letter queue.</param>
    /// <param name="delivery">The chunk as delivered (its body is valid during the call).</param>
    /// <param name="node">The node's name (UTF-8).</param>
    /// <param name="failure">The handler's last failure.</param>
    /// <param name="attempt">Which delivery of the chunk failed last.</param>
    /// <returns>A task that completes when confirmed.</returns>
    public static async Task PublishAsync(IChannel channel, string queue, BasicDeliverEventArgs delivery, byte[] node, Exception failure, int attempt)
    {
        var headers = delivery.BasicProperties.Headers is { } original
            ? new Dictionary<string, object?>(original, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        headers.Remove(Constants.PublishSequenceNumberHeader);
        headers[WireHeaders.Node] = node;
        headers[WireHeaders.Attempt] = attempt;
        headers[WireHeaders.ErrorType] = failure.GetType().FullName ?? failure.GetType().Name;
        headers[WireHeaders.Error] = ErrorMessage(failure);
        headers[WireHeaders.ErrorDetail] = Truncate(failure.ToString(), 8192);
        var properties = new BasicProperties
        {
            Headers = headers,
            DeliveryMode = DeliveryModes.Persistent,
            ReplyTo = delivery.BasicProperties.ReplyTo,
        };
        await channel.BasicPublishAsync(string.Empty, queue, true, properties, delivery.Body, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The handler's error message as replies and dead letters carry it: cut at 4 KiB.</summary>
    /// <param name="failure">The handler's error.</param>
    /// <returns>The message.</returns>
    public static string ErrorMessage(Exception failure) => Truncate(failure.Message, 4096);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

using RabbitMQ.Client;

namespace ActorFrames.RabbitMq;

/// <summary>
/// The queues and exchanges of a cluster and how they are declared. Every process declares what it uses with the same
/// arguments (declaring is idempotent), so the origin and the nodes may start in any order.
/// </summary>
/// <remarks>
/// Per pipeline consumer: a durable quorum work queue <c>{prefix}.work.{consumer}</c> with <c>x-delivery-limit</c> whose
/// dead letters go through the fanout exchange <c>{prefix}.dead-letters.{consumer}</c> to the quorum queue
/// <c>{prefix}.dead.{consumer}</c> and to the consumer's reply queues. Per origin dispatcher: a durable reply queue
/// <c>{prefix}.reply.{consumer}.{origin}</c> that the broker deletes once unused for <see cref="RabbitMqOptions.ReplyQueueExpiry"/>.
/// Node heartbeats go to the fanout exchange <c>{prefix}.heartbeats</c>.
/// </remarks>
internal sealed class Topology
{
    private readonly string _prefix;
    private readonly int _deliveryLimit;
    private readonly int _replyExpiryMilliseconds;

    /// <summary>Initializes a new instance of the <see cref="Topology"/> class.</summary>
    /// <param name="options">Validated options.</param>
    public Topology(RabbitMqOptions options)
    {
        _prefix = options.QueuePrefix;
        _deliveryLimit = options.DeliveryLimit;
        _replyExpiryMilliseconds = (int)Math.Clamp(options.ReplyQueueExpiry.TotalMilliseconds, 1, int.MaxValue);
        HeartbeatExchange = $"{_prefix}.heartbeats";
    }

    /// <summary>Gets the fanout exchange nodes announce themselves on.</summary>
    public string HeartbeatExchange { get; }

    /// <summary>Gets how many deliveries a chunk gets before it is dead-lettered.</summary>
    public int DeliveryLimit => _deliveryLimit;

    /// <summary>Whether <paramref name="name"/> is usable inside a queue name (letters, digits, '.', '-', '_'; 1 to 64 characters).</summary>
    /// <param name="name">A consumer name or prefix.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when <paramref name="consumer"/> cannot name a queue.</summary>
    /// <param name="consumer">The consumer name.</param>
    /// <param name="paramName">The parameter or key that carried it.</param>
    public static void ThrowIfInvalidConsumer(string consumer, string paramName)
    {
        if (!IsValidName(consumer))
        {
            throw new ArgumentException($"Consumer name '{consumer}' cannot name a queue: use 1 to 64 letters, digits, '.', '-' or '_'.", paramName);
        }
    }

    /// <summary>Gets the work queue of <paramref name="consumer"/>.</summary>
    /// <param name="consumer">The consumer name.</param>
    /// <returns>The queue name.</returns>
    public string WorkQueue(string consumer) => $"{_prefix}.work.{consumer}";

    /// <summary>Gets the dead-letter queue of <paramref name="consumer"/>.</summary>
    /// <param name="consumer">The consumer name.</param>
    /// <returns>The queue name.</returns>
    public string DeadLetterQueue(string consumer) => $"{_prefix}.dead.{consumer}";

    /// <summary>Gets the reply queue of one origin dispatcher.</summary>
    /// <param name="consumer">The consumer name.</param>
    /// <param name="origin">The dispatcher's unique id.</param>
    /// <returns>The queue name.</returns>
    public string ReplyQueue(string consumer, string origin) => $"{_prefix}.reply.{consumer}.{origin}";

    /// <summary>
    /// The fanout exchange a consumer's work queue dead-letters into: bound to the dead-letter queue, which keeps
    /// every dead letter, and to each origin's reply queue, so that an origin hears of a chunk the broker gave up on
    /// (its delivery limit reached because every worker that took it died) instead of waiting for it forever.
    /// </summary>
    /// <param name="consumer">The consumer.</param>
    /// <returns>The exchange's name.</returns>
    public string DeadLetterExchange(string consumer) => $"{_prefix}.dead-letters.{consumer}";

    /// <summary>Declares the work queue, the dead-letter exchange and the dead-letter queue of <paramref name="consumer"/>.</summary>
    /// <param name="channel">An open channel.</param>
    /// <param name="consumer">The consumer.</param>
    /// <param name="cancellationToken">Cancels the declaration.</param>
    /// <returns>A task that completes when declared.</returns>
    public async Task DeclareConsumerAsync(IChannel channel, string consumer, CancellationToken cancellationToken)
    {
        var deadLetters = DeadLetterQueue(consumer);
        var exchange = DeadLetterExchange(consumer);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(
            deadLetters,
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(deadLetters, exchange, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(
            WorkQueue(consumer),
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = _deliveryLimit,
                ["x-dead-letter-exchange"] = exchange,
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Declares a durable reply queue that expires when unused, and binds it to the consumer's dead-letter exchange
    /// (the origin keeps only the dead letters whose reply-to names its queue).
    /// </summary>
    /// <param name="channel">An open channel.</param>
    /// <param name="queue">The reply queue.</param>
    /// <param name="consumer">The consumer whose chunks it answers.</param>
    /// <param name="cancellationToken">Cancels the declaration.</param>
    /// <returns>A task that completes when declared.</returns>
    public async Task DeclareReplyQueueAsync(IChannel channel, string queue, string consumer, CancellationToken cancellationToken)
    {
        await channel.QueueDeclareAsync(
            queue,
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-expires"] = _replyExpiryMilliseconds },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(queue, DeadLetterExchange(consumer), string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Declares the heartbeat fanout exchange.</summary>
    /// <param name="channel">An open channel.</param>
    /// <param name="cancellationToken">Cancels the declaration.</param>
    /// <returns>A task that completes when the exchange exists.</returns>
    public Task DeclareHeartbeatExchangeAsync(IChannel channel, CancellationToken cancellationToken)
        => channel.ExchangeDeclareAsync(HeartbeatExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
}

namespace ActorFrames.RabbitMq;

/// <summary>
/// How ActorFrames reaches the broker and lays out its queues (section <c>RabbitMq</c> of cluster-config/*.json). The
/// origin and every worker node must agree on <see cref="QueuePrefix"/> and <see cref="DeliveryLimit"/>, because both
/// declare the same queues.
/// </summary>
public sealed class RabbitMqOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "RabbitMq";

    /// <summary>The environment variable that holds the broker user name.</summary>
    public const string UserNameVariable = "ACTORFRAMES_RABBITMQ_USERNAME";

    /// <summary>The environment variable that holds the broker password.</summary>
    public const string PasswordVariable = "ACTORFRAMES_RABBITMQ_PASSWORD";

    /// <summary>
    /// Gets or sets the broker nodes as comma-separated <c>host:port</c> pairs; a connection tries them in order, so a
    /// 3-node broker cluster lists all three.
    /// </summary>
    /// <value><c>127.0.0.1:5672</c>.</value>
    public string Endpoints { get; set; } = "127.0.0.1:5672";

    /// <summary>Gets or sets the virtual host.</summary>
    /// <value><c>/</c>.</value>
    public string VirtualHost { get; set; } = "/";

    /// <summary>
    /// Gets or sets the user name. Never put it in a configuration file: the command line reads it from the environment
    /// variable <see cref="UserNameVariable"/>; code that builds options itself sets it directly.
    /// </summary>
    /// <value><c>guest</c> (RabbitMQ accepts it only over the loopback interface).</value>
    public string UserName { get; set; } = "guest";

    /// <summary>
    /// Gets or sets the password. Never put it in a configuration file: the command line reads it from the environment
    /// variable <see cref="PasswordVariable"/>; code that builds options itself sets it directly.
    /// </summary>
    /// <value><c>guest</c>.</value>
    public string Password { get; set; } = "guest";

    /// <summary>Gets or sets the name connections announce to the broker (shown in its management views).</summary>
    /// <value><c>actorframes</c>.</value>
    public string ClientName { get; set; } = "actorframes";

    /// <summary>Gets or sets the TLS settings.</summary>
    /// <value>TLS off.</value>
    public RabbitMqTlsOptions Tls { get; set; } = new();

    /// <summary>Gets or sets the prefix of every queue and exchange ActorFrames declares.</summary>
    /// <value><c>af</c>.</value>
    public string QueuePrefix { get; set; } = "af";

    /// <summary>
    /// Gets or sets how many times a chunk is delivered before it is dead-lettered: a handler that fails on the last
    /// delivery sends it to the consumer's dead-letter queue with the error.
    /// </summary>
    /// <value>5.</value>
    public int DeliveryLimit { get; set; } = 5;

    /// <summary>Gets or sets the most chunks the origin has published but the broker has not confirmed yet.</summary>
    /// <value>128.</value>
    public int PublishWindow { get; set; } = 128;

    /// <summary>
    /// Gets or sets the largest chunk body, in bytes, the origin publishes. The broker closes the publishing channel on a
    /// message over its own <c>max_message_size</c> (16 MiB by default from RabbitMQ 4.0, 128 MiB before), so a larger
    /// chunk is reported to the consumer's results as a <see cref="ChunkDroppedException"/> naming this option instead
    /// of being retried for ever. Raise it together with the broker's setting, or cut smaller chunks.
    /// </summary>
    /// <value>16 MiB (16,777,216).</value>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the most chunks the origin holds in memory, per consumer, until the broker confirms them (they wait
    /// here while the broker is unreachable). Chunks accepted while the broker is connected are held as they are and
    /// published without a copy (each keeps its producer's memory until it is confirmed); chunks accepted while it is
    /// away are copies of their elements.
    /// </summary>
    /// <value>1024.</value>
    public int SpoolCapacity { get; set; } = 1024;

    /// <summary>
    /// Gets or sets a folder where chunks beyond <see cref="SpoolCapacity"/> wait on disk, or <see langword="null"/> to keep
    /// the spool in memory only.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public string? SpoolDirectory { get; set; }

    /// <summary>Gets or sets the most chunks, per consumer, that wait in <see cref="SpoolDirectory"/>.</summary>
    /// <value>0.</value>
    public int SpoolDirectoryCapacity { get; set; }

    /// <summary>Gets or sets what happens to a new chunk when the spool is full.</summary>
    /// <value><see cref="SpoolOverflow.Backpressure"/>.</value>
    public SpoolOverflow Overflow { get; set; } = SpoolOverflow.Backpressure;

    /// <summary>Gets or sets the first pause before reconnecting after the broker became unreachable; it doubles on each failure.</summary>
    /// <value>100 ms.</value>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets the longest pause between reconnection attempts.</summary>
    /// <value>5 s.</value>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the time after which the broker deletes an origin's reply queue once nobody uses it.</summary>
    /// <value>30 min.</value>
    public TimeSpan ReplyQueueExpiry { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the AMQP heartbeat: how soon a silent, half-open connection is noticed.</summary>
    /// <value>10 s.</value>
    public TimeSpan BrokerHeartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long opening a connection may take.</summary>
    /// <value>5 s.</value>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Creates a copy whose later changes do not affect this instance.</summary>
    /// <returns>The copy.</returns>
    public RabbitMqOptions Clone()
    {
        var copy = (RabbitMqOptions)MemberwiseClone();
        copy.Tls = new RabbitMqTlsOptions
        {
            Enabled = Tls.Enabled,
            ServerName = Tls.ServerName,
            ClientCertificatePath = Tls.ClientCertificatePath,
            CaCertificatePath = Tls.CaCertificatePath,
            CheckCertificateRevocation = Tls.CheckCertificateRevocation,
        };
        return copy;
    }
}

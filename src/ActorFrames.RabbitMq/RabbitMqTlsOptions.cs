namespace ActorFrames.RabbitMq;

/// <summary>TLS settings of the broker connections (section <c>RabbitMq:Tls</c>).</summary>
public sealed class RabbitMqTlsOptions
{
    /// <summary>The environment variable that holds the passphrase of <see cref="ClientCertificatePath"/>.</summary>
    public const string CertificatePassphraseVariable = "ACTORFRAMES_RABBITMQ_CERT_PASSPHRASE";

    /// <summary>Gets or sets a value indicating whether connections use TLS (the broker's TLS port, usually 5671).</summary>
    /// <value><see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the name the broker's certificate must carry; <see langword="null"/> uses each endpoint's host name.</summary>
    /// <value><see langword="null"/>.</value>
    public string? ServerName { get; set; }

    /// <summary>
    /// Gets or sets the path of a client certificate (PKCS#12) for mutual TLS, or <see langword="null"/> for none. Its
    /// passphrase comes from the environment variable <see cref="CertificatePassphraseVariable"/>.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public string? ClientCertificatePath { get; set; }

    /// <summary>
    /// Gets or sets the path of the certificate (PEM or DER) of the authority that signed the broker's certificate,
    /// for brokers with certificates of a private authority: the broker's certificate must then chain to it (through
    /// any intermediates the broker sends), be a server certificate and carry the expected name. It must be the root,
    /// not an intermediate. A private authority often publishes no revocation list: then turn
    /// <see cref="CheckCertificateRevocation"/> off, or every connection is refused. <see langword="null"/> trusts the
    /// machine's root authorities.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public string? CaCertificatePath { get; set; }

    /// <summary>Gets or sets a value indicating whether the broker certificate's revocation is checked.</summary>
    /// <value><see langword="true"/>.</value>
    public bool CheckCertificateRevocation { get; set; } = true;
}

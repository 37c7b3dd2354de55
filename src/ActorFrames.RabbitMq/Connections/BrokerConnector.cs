using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RabbitMQ.Client;

namespace ActorFrames.RabbitMq.Connections;

/// <summary>
/// Opens connections to the broker from <see cref="RabbitMqOptions"/>. Automatic recovery is off: the origin and the
/// nodes reconnect themselves, because they must put back unconfirmed publishes and re-subscribe in a known order.
/// </summary>
internal sealed class BrokerConnector
{
    private readonly ConnectionFactory _factory;
    private readonly List<AmqpTcpEndpoint> _endpoints;

    /// <summary>Initializes a new instance of the <see cref="BrokerConnector"/> class.</summary>
    /// <param name="options">Validated options.</param>
    public BrokerConnector(RabbitMqOptions options)
    {
        if (!BrokerEndpoints.TryParse(options.Endpoints, out var endpoints, out var error))
        {
            throw new ArgumentException($"RabbitMq:Endpoints: {error}", nameof(options));
        }

        _endpoints = new List<AmqpTcpEndpoint>(endpoints.Count);
        foreach (var (host, port) in endpoints)
        {
            _endpoints.Add(new AmqpTcpEndpoint(host, port, CreateSsl(options.Tls, host)));
        }

        _factory = new ConnectionFactory
        {
            VirtualHost = options.VirtualHost,
            UserName = options.UserName,
            Password = options.Password,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedHeartbeat = options.BrokerHeartbeat,
            RequestedConnectionTimeout = options.ConnectionTimeout,
            ClientProvidedName = options.ClientName,
        };
    }

    /// <summary>Gets the endpoints connections try, in order, with their TLS settings.</summary>
    public IReadOnlyList<AmqpTcpEndpoint> Endpoints => _endpoints;

    /// <summary>Gets the connection settings (credentials, heartbeat, recovery off).</summary>
    public IConnectionFactory Factory => _factory;

    /// <summary>Opens a connection to the first endpoint that answers.</summary>
    /// <param name="purpose">A short label added to the client name ("origin level", "node w1").</param>
    /// <param name="cancellationToken">Stops trying.</param>
    /// <returns>The open connection.</returns>
    public Task<IConnection> ConnectAsync(string purpose, CancellationToken cancellationToken)
        => _factory.CreateConnectionAsync(_endpoints, $"{_factory.ClientProvidedName} {purpose}", cancellationToken);

    private static SslOption CreateSsl(RabbitMqTlsOptions tls, string host)
    {
        if (!tls.Enabled)
        {
            return new SslOption { Enabled = false };
        }

        var ssl = new SslOption
        {
            Enabled = true,
            ServerName = tls.ServerName ?? host,
            CheckCertificateRevocation = tls.CheckCertificateRevocation,
            AcceptablePolicyErrors = SslPolicyErrors.None,
        };
        if (tls.CaCertificatePath is { } authorityPath)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(authorityPath);
            var revocation = tls.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
            ssl.CertificateValidationCallback = (_, certificate, chain, errors) => ChainsTo(authority, revocation, certificate, chain, errors);
        }

        if (tls.ClientCertificatePath is { } path)
        {
            ssl.CertPath = path;
            ssl.CertPassphrase = Environment.GetEnvironmentVariable(RabbitMqTlsOptions.CertificatePassphraseVariable) ?? string.Empty;
        }

        return ssl;
    }

    /// <summary>
    /// Accepts the broker's certificate when it carries the expected name and chains to <paramref name="authority"/>
    /// (the only trusted root): what <see cref="RabbitMqTlsOptions.CaCertificatePath"/> asks for.
    /// </summary>
    private static bool ChainsTo(X509Certificate2 authority, X509RevocationMode revocation, X509Certificate? certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = revocation;

        // A server certificate, not any certificate of the authority that carries the broker's name.
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));

        // Intermediate authorities the broker sent along.
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(presented);
    }
}

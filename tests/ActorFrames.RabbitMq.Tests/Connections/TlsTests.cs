using System.Security.Authentication;
using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Connections;
using ActorFrames.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ActorFrames.Tests.Connections;

[Collection(RabbitMqCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Requires", "RabbitMq")]
public sealed class TlsTests(RabbitMqBroker broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Cluster_OverTlsWithAPrivateAuthority_ReportsEveryChunk()
        => ClusterTestKit.RoundTripAsync(TlsOptions("localhost", broker.CaCertificatePath), "secure", "tls", chunks: 20, size: 4096, workers: 2);

    [Fact]
    public async Task Connect_OverTlsWithoutTrustingThePrivateAuthority_IsRefused()
    {
        var connector = new BrokerConnector(TlsOptions("localhost", authority: null));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connector.ConnectAsync("untrusting", CancellationToken.None));

        Assert.Contains(Chain(error), static e => e is AuthenticationException);
    }

    [Fact]
    public async Task Connect_OverTlsToAnotherName_IsRefusedEvenWithTheAuthority()
    {
        var connector = new BrokerConnector(TlsOptions("broker.example", broker.CaCertificatePath));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connector.ConnectAsync("misnamed", CancellationToken.None));

        Assert.Contains(Chain(error), static e => e is AuthenticationException);
    }

    [Fact]
    public async Task Connect_OverTlsTrustingAnotherAuthority_IsRefused()
    {
        var other = Path.Combine(Path.GetTempPath(), $"af-other-ca-{Guid.NewGuid():N}");
        TestCertificates.WriteAuthorityAndServer(other, "localhost");
        try
        {
            var connector = new BrokerConnector(TlsOptions("localhost", Path.Combine(other, "ca.pem")));

            var error = await Assert.ThrowsAnyAsync<Exception>(() => connector.ConnectAsync("other-authority", CancellationToken.None));

            Assert.Contains(Chain(error), static e => e is AuthenticationException);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void Validator_WithAnAuthorityFileThatIsNoCertificate_NamesTheKey()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate");
            var options = TlsOptions("localhost", file);

            var error = Assert.Throws<OptionsValidationException>(() => RabbitMqOptionsValidator.ThrowIfInvalid(options));

            Assert.Contains($"RabbitMq:Tls:CaCertificatePath '{file}' is not a certificate in PEM or DER", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Validator_WithAMissingAuthorityFile_NamesTheKey()
    {
        var options = TlsOptions("localhost", "/nonexistent/ca.pem");

        var error = Assert.Throws<OptionsValidationException>(() => RabbitMqOptionsValidator.ThrowIfInvalid(options));

        Assert.Contains("RabbitMq:Tls:CaCertificatePath '/nonexistent/ca.pem' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clone_CopiesEveryTlsSetting()
    {
        // Nodes and origins work on a clone of the options: a setting it forgets is silently dropped.
        var options = TlsOptions("localhost", broker.CaCertificatePath);
        options.Tls.ClientCertificatePath = "/some/client.p12";

        var copy = options.Clone();

        Assert.NotSame(options.Tls, copy.Tls);
        foreach (var property in typeof(RabbitMqTlsOptions).GetProperties())
        {
            Assert.Equal(property.GetValue(options.Tls), property.GetValue(copy.Tls));
        }
    }

    private RabbitMqOptions TlsOptions(string serverName, string? authority)
    {
        var options = broker.CreateOptions();
        options.Endpoints = $"127.0.0.1:{broker.TlsPort}";
        options.Tls.Enabled = true;
        options.Tls.ServerName = serverName;
        options.Tls.CaCertificatePath = authority;
        options.Tls.CheckCertificateRevocation = false;
        return options;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}

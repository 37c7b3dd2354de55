using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Connections;
using RabbitMQ.Client;

namespace ActorFrames.Tests.Connections;

public sealed class BrokerConnectorTests
{
    [Fact]
    public void Constructor_WithThreeEndpoints_TriesThemInOrderWithoutAutomaticRecovery()
    {
        var connector = new BrokerConnector(new RabbitMqOptions { Endpoints = "rmq-0:5672, rmq-1:5673,rmq-2:5674", UserName = "u", Password = "p", VirtualHost = "frames" });

        Assert.Equal(["rmq-0:5672", "rmq-1:5673", "rmq-2:5674"], connector.Endpoints.Select(static e => $"{e.HostName}:{e.Port}"));
        Assert.All(connector.Endpoints, static e => Assert.False(e.Ssl.Enabled));
        var factory = Assert.IsType<ConnectionFactory>(connector.Factory);
        Assert.False(factory.AutomaticRecoveryEnabled);
        Assert.Equal(("u", "p", "frames"), (factory.UserName, factory.Password, factory.VirtualHost));
    }

    [Fact]
    public void Constructor_WithTls_EnablesItPerEndpointWithTheServerName()
    {
        var options = new RabbitMqOptions { Endpoints = "rmq-0:5671,rmq-1:5671" };
        options.Tls.Enabled = true;

        var byHost = new BrokerConnector(options);
        options.Tls.ServerName = "rabbitmq.internal";
        var byName = new BrokerConnector(options);

        Assert.All(byHost.Endpoints, static e => Assert.True(e.Ssl.Enabled));
        Assert.Equal(["rmq-0", "rmq-1"], byHost.Endpoints.Select(static e => e.Ssl.ServerName));
        Assert.All(byName.Endpoints, static e => Assert.Equal("rabbitmq.internal", e.Ssl.ServerName));
    }

    [Theory]
    [InlineData("", "at least one")]
    [InlineData("host", "host:port")]
    [InlineData("host:0", "1 to 65535")]
    [InlineData("host:99999", "1 to 65535")]
    public void TryParse_WithBadEndpoints_ExplainsTheRule(string value, string rule)
    {
        Assert.False(BrokerEndpoints.TryParse(value, out _, out var error));
        Assert.Contains(rule, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_AfterFailures_DoublesUpToTheMaximumAndResets()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));

        Assert.Equal([100, 200, 400, 500, 500], Enumerable.Range(0, 5).Select(_ => backoff.Next().TotalMilliseconds));
        backoff.Reset();
        Assert.Equal(100, backoff.Next().TotalMilliseconds);
    }
}

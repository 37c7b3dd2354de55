using System.Net;
using System.Net.Sockets;
using ActorFrames.Tests.Infrastructure;

namespace ActorFrames.Tests.Cli;

/// <summary>The command line's configuration checks: bad settings stop it at once with exit code 2 and the key's name.</summary>
[Trait("Category", "Integration")]
public sealed class NodeCommandConfigurationTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"af-cli-{Guid.NewGuid():N}");

    public NodeCommandConfigurationTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Node_WithoutConfig_ExitsWithUsageError()
    {
        var (code, output) = await CliProcess.RunAsync(new Dictionary<string, string>(), s_timeout, "node");

        Assert.True(code == 2, $"Expected exit code 2, got {code}:\n{output}");
        Assert.Contains("--config", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_WithInvalidValues_ExitsWithUsageErrorNamingEachKey()
    {
        var config = Write("""{ "RabbitMq": { "DeliveryLimit": 0, "Endpoints": "host" }, "Node": { "Pools": [ { "Consumer": "a b", "Handler": "checksum", "Workers": 0 } ] } }""");

        var (code, output) = await CliProcess.RunAsync(new Dictionary<string, string>(), s_timeout, "node", "--config", config);

        Assert.True(code == 2, $"Expected exit code 2, got {code}:\n{output}");
        Assert.Contains("RabbitMq:DeliveryLimit", output, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:Endpoints", output, StringComparison.Ordinal);
        Assert.Contains("Node:Pools:0:Consumer", output, StringComparison.Ordinal);
        Assert.Contains("Node:Pools:0:Workers", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_WithPasswordInFile_ExitsWithUsageErrorNamingTheVariable()
    {
        var config = Write("""{ "RabbitMq": { "Password": "hunter2" }, "Node": { "Pools": [ { "Consumer": "a", "Handler": "checksum" } ] } }""");

        var (code, output) = await CliProcess.RunAsync(new Dictionary<string, string>(), s_timeout, "node", "--config", config);

        Assert.True(code == 2, $"Expected exit code 2, got {code}:\n{output}");
        Assert.Contains("ACTORFRAMES_RABBITMQ_PASSWORD", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_WithMisspelledKey_ExitsWithUsageErrorNamingIt()
    {
        var config = Write("""{ "RabbitMq": { "DeliveryLimt": 3 }, "Node": { "Pools": [ { "Consumer": "a", "Handler": "checksum" } ] } }""");

        var (code, output) = await CliProcess.RunAsync(new Dictionary<string, string>(), s_timeout, "node", "--config", config);

        Assert.True(code == 2, $"Expected exit code 2, got {code}:\n{output}");
        Assert.Contains("DeliveryLimt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_WithUnregisteredHandler_ExitsWithUsageErrorListingRegisteredOnes()
    {
        var config = Write("""{ "Node": { "Pools": [ { "Consumer": "a", "Handler": "no-such-handler" } ] } }""");

        var (code, output) = await CliProcess.RunAsync(new Dictionary<string, string>(), s_timeout, "node", "--config", config);

        Assert.True(code == 2, $"Expected exit code 2, got {code}:\n{output}");
        Assert.Contains("Node:Pools:0:Handler 'no-such-handler'", output, StringComparison.Ordinal);
        Assert.Contains("checksum", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WithCommittedWorkerConfigAndNoBroker_ExitsWithRuntimeError()
    {
        var environment = new Dictionary<string, string> { ["ACTORFRAMES_RabbitMq__Endpoints"] = $"127.0.0.1:{ClosedPort()}" };

        var (code, output) = await CliProcess.RunAsync(environment, s_timeout, "status", "--config", "cluster-config/worker.json", "--listen", "0.1");

        Assert.True(code == 1, $"Expected exit code 1 (configuration valid, broker unreachable), got {code}:\n{output}");
        Assert.Contains("unreachable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WithNegativeListen_ExitsWithUsageError()
    {
        var (code, output) = await CliProcess.RunAsync(new Dictionary<string, string>(), s_timeout, "status", "--listen", "-1");

        Assert.True(code == 2, $"Expected exit code 2, got {code}:\n{output}");
        Assert.Contains("--listen", output, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}

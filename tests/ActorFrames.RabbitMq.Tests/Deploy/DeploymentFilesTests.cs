using System.Text.Json;
using ActorFrames.Tests.Infrastructure;

namespace ActorFrames.Tests.Deploy;

/// <summary>
/// docker/ and deploy/ checked with what runs here without a Docker engine or a cluster: YAML parsing (PyYAML),
/// <c>docker-compose config</c>, <c>kubectl kustomize</c> (and a client-side dry run when a cluster answers), and
/// <c>systemd-analyze verify</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeploymentFilesTests
{
    private const string YamlToJson = "import json, sys, yaml\nprint(json.dumps([d for f in sys.argv[1:] for d in yaml.safe_load_all(open(f)) if d is not None]))";
    private static readonly string s_root = CliProcess.RepositoryRoot;

    [Fact]
    public async Task Dockerfile_IsMultiStageNonRootAndCopiesExistingPaths()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(s_root, "docker", "Dockerfile"));
        var stages = lines.Count(static l => l.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.True(stages >= 2, $"Expected a multi-stage build, found {stages} FROM lines.");
        var lastFrom = Array.FindLastIndex(lines, static l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var user = Array.FindLast(lines, static l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.True(user is not null && Array.LastIndexOf(lines, user) > lastFrom, "The final stage must switch to a non-root USER.");
        Assert.DoesNotContain("root", user, StringComparison.Ordinal);
        Assert.Contains(lines, static l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        foreach (var line in lines.Where(static l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[1..^1])
            {
                Assert.True(File.Exists(Path.Combine(s_root, source)) || Directory.Exists(Path.Combine(s_root, source)), $"Dockerfile copies '{source}', which is not in the repository.");
            }
        }
    }

    [Fact]
    public async Task Compose_WithCredentials_ResolvesBrokerCaptureAndTwoWorkers()
    {
        var environment = new Dictionary<string, string> { ["ACTORFRAMES_RABBITMQ_USERNAME"] = "u", ["ACTORFRAMES_RABBITMQ_PASSWORD"] = "p" };

        var (code, output, error) = await ToolRunner.RunAsync("docker-compose", environment, null, "-f", "docker/compose.yaml", "config");
        Assert.True(code == 0, $"docker-compose config exited {code}: {error}");
        var (_, services, _) = await ToolRunner.RunAsync("docker-compose", environment, null, "-f", "docker/compose.yaml", "config", "--services");
        Assert.Equal(["capture", "rabbitmq", "worker-1", "worker-2"], services.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));

        var resolved = await ParseYamlAsync(output);
        var workers = resolved[0].GetProperty("services");
        foreach (var worker in new[] { "worker-1", "worker-2" })
        {
            var command = workers.GetProperty(worker).GetProperty("command").EnumerateArray().Select(static a => a.GetString()!).ToArray();
            Assert.Equal(["node", "--config", "/etc/actorframes/worker.json"], command[..3]);
        }
    }

    [Fact]
    public async Task Compose_WithoutCredentials_RefusesToResolve()
    {
        var environment = new Dictionary<string, string> { ["ACTORFRAMES_RABBITMQ_USERNAME"] = string.Empty, ["ACTORFRAMES_RABBITMQ_PASSWORD"] = string.Empty };

        var (code, _, error) = await ToolRunner.RunAsync("docker-compose", environment, null, "-f", "docker/compose.yaml", "config");

        Assert.NotEqual(0, code);
        Assert.Contains("ACTORFRAMES_RABBITMQ_", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubernetes_Manifests_BuildAndDescribeTheCluster()
    {
        var (code, built, error) = await ToolRunner.RunAsync("kubectl", null, null, "kustomize", "deploy/k8s");
        Assert.True(code == 0, $"kubectl kustomize deploy/k8s exited {code}: {error}");
        var (dryRun, _, dryRunError) = await ToolRunner.RunAsync("kubectl", null, null, "apply", "--dry-run=client", "-f", "deploy/k8s/rabbitmq.yaml", "-f", "deploy/k8s/worker.yaml", "-f", "deploy/k8s/capture.yaml", "-f", "deploy/k8s/worker-autoscaling.yaml");
        Assert.True(dryRun == 0 || dryRunError.Contains("connection refused", StringComparison.Ordinal) || dryRunError.Contains("no such host", StringComparison.Ordinal), $"kubectl apply --dry-run=client failed: {dryRunError}");

        var resources = await ParseYamlAsync(built);
        var optional = await ParseYamlFilesAsync(Path.Combine("deploy", "k8s", "optional", "worker-keda.yaml"));
        Assert.Contains(optional, static r => r.GetProperty("kind").GetString() == "ScaledObject");

        var broker = Single(resources, "StatefulSet", "rmq");
        Assert.Equal(3, broker.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.Equal(1, broker.GetProperty("spec").GetProperty("volumeClaimTemplates").GetArrayLength());

        var worker = Single(resources, "Deployment", "actorframes-worker");
        var pod = worker.GetProperty("spec").GetProperty("template").GetProperty("spec");
        Assert.True(pod.GetProperty("terminationGracePeriodSeconds").GetInt32() > 30, "Workers need a grace period longer than their 30 s drain.");
        Assert.True(pod.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
        Assert.Equal(["node", "--config", "/etc/actorframes/k8s/worker.json"], pod.GetProperty("containers")[0].GetProperty("args").EnumerateArray().Select(static a => a.GetString()!));
        Single(resources, "Deployment", "actorframes-capture");

        var autoscaler = Single(resources, "HorizontalPodAutoscaler", "actorframes-worker");
        Assert.Equal("actorframes-worker", autoscaler.GetProperty("spec").GetProperty("scaleTargetRef").GetProperty("name").GetString());
        Assert.Equal("External", autoscaler.GetProperty("spec").GetProperty("metrics")[0].GetProperty("type").GetString());

        var config = Single(resources, "ConfigMap", "actorframes-config").GetProperty("data").GetProperty("worker.json").GetString()!;
        using var workerJson = JsonDocument.Parse(config);
        Assert.True(workerJson.RootElement.GetProperty("Node").GetProperty("Pools").GetArrayLength() > 0);
        Assert.False(workerJson.RootElement.GetProperty("RabbitMq").TryGetProperty("Password", out _), "Credentials must not be in the ConfigMap.");

        AssertNoLiteralSecrets(resources);
    }

    [Fact]
    public async Task Systemd_Units_Verify()
    {
        foreach (var unit in new[] { "actorframes-worker@.service", "actorframes-capture.service" })
        {
            var (code, output, error) = await ToolRunner.RunAsync("systemd-analyze", null, null, "verify", "--man=no", Path.Combine("deploy", "systemd", unit));
            Assert.True(code == 0, $"systemd-analyze verify {unit} exited {code}: {output}{error}");
            Assert.DoesNotContain("Unknown", output + error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BrokerClusterConfig_HasThreePeersAndNoCredentials()
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(s_root, "cluster-config", "rabbitmq", "rabbitmq.conf")))
            .Where(static l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();
        Assert.All(lines, static l => Assert.Matches(@"^[a-z0-9_.]+ = \S.*$", l));
        Assert.Equal(3, lines.Count(static l => l.StartsWith("cluster_formation.classic_config.nodes.", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, static l => l.StartsWith("default_pass", StringComparison.Ordinal) || l.StartsWith("default_user", StringComparison.Ordinal));
        using var definitions = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(s_root, "cluster-config", "rabbitmq", "definitions.json")));
        Assert.False(definitions.RootElement.TryGetProperty("users", out _), "Broker users come from the environment, not from definitions.json.");
    }

    private static JsonElement Single(List<JsonElement> resources, string kind, string name)
        => Assert.Single(resources, r => r.GetProperty("kind").GetString() == kind && r.GetProperty("metadata").GetProperty("name").GetString() == name);

    private static void AssertNoLiteralSecrets(List<JsonElement> resources)
    {
        foreach (var resource in resources)
        {
            Assert.NotEqual("Secret", resource.GetProperty("kind").GetString());
            Walk(resource);
        }

        static void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && (name.GetString()!.Contains("PASS", StringComparison.Ordinal) || name.GetString()!.Contains("COOKIE", StringComparison.Ordinal)))
                {
                    Assert.False(element.TryGetProperty("value", out _), $"Environment variable {name.GetString()} must come from a secret, not a literal.");
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }
    }

    private static async Task<List<JsonElement>> ParseYamlAsync(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"af-yaml-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            return await ParseYamlFilesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<List<JsonElement>> ParseYamlFilesAsync(params string[] files)
    {
        var (code, output, error) = await ToolRunner.RunAsync("python3", null, null, ["-c", YamlToJson, .. files]);
        Assert.True(code == 0, $"PyYAML could not parse {string.Join(", ", files)}: {error}");
        using var document = JsonDocument.Parse(output);
        return [.. document.RootElement.EnumerateArray().Select(static e => e.Clone())];
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// The broker a benchmark runs against: the one named by ACTORFRAMES_BENCH_RABBITMQ (host:port), or a private node
/// started in a temp folder on free 127.0.0.1 ports with its own epmd, stopped (both) at the end.
/// </summary>
internal sealed class BenchmarkBroker : IDisposable
{
    private const string Variable = "ACTORFRAMES_BENCH_RABBITMQ";
    private readonly string? _root;
    private readonly string? _node;
    private readonly Process? _epmd;
    private readonly Process? _server;
    private readonly Dictionary<string, string> _environment = [];

    private BenchmarkBroker(string endpoint) => Endpoint = endpoint;

    private BenchmarkBroker(string root, string node, int port, int dist, int epmdPort)
    {
        _root = root;
        _node = node;
        Endpoint = $"127.0.0.1:{port}";
        Directory.CreateDirectory(Path.Combine(root, "home"));
        File.WriteAllText(Path.Combine(root, "rabbitmq.conf"), $"listeners.tcp.1 = 127.0.0.1:{port}\nlog.console = false\nlog.file.level = warning\ndisk_free_limit.absolute = 10MB\n");
        File.WriteAllText(Path.Combine(root, "enabled_plugins"), "[].");
        _environment["HOME"] = Path.Combine(root, "home");
        _environment["RABBITMQ_NODENAME"] = node;
        _environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        _environment["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        _environment["RABBITMQ_DIST_PORT"] = dist.ToString(CultureInfo.InvariantCulture);
        _environment["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture);
        _environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        _environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia");
        _environment["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log");
        _environment["RABBITMQ_PID_FILE"] = Path.Combine(root, "rabbit.pid");
        _environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins");
        _environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq.conf");
        _environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(root, "advanced.config");
        _environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(root, "rabbitmq-env.conf");
        _environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
        _environment["RABBITMQ_CTL_DIST_PORT_MIN"] = (dist + 1).ToString(CultureInfo.InvariantCulture);
        _environment["RABBITMQ_CTL_DIST_PORT_MAX"] = (dist + 20).ToString(CultureInfo.InvariantCulture);
        _epmd = Start("/usr/bin/epmd", "-port", epmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1");
        _server = Start("/usr/lib/rabbitmq/bin/rabbitmq-server");
        if (Ctl("wait", _environment["RABBITMQ_PID_FILE"], "--timeout", "80") != 0)
        {
            Dispose();
            throw new InvalidOperationException($"The private RabbitMQ node {node} did not start; see {root}/log.");
        }
    }

    /// <summary>Gets the broker's host:port.</summary>
    public string Endpoint { get; }

    /// <summary>Uses ACTORFRAMES_BENCH_RABBITMQ or starts a private node.</summary>
    /// <returns>The broker.</returns>
    public static BenchmarkBroker Start()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } endpoint)
        {
            return new BenchmarkBroker(endpoint);
        }

        var root = Path.Combine(Path.GetTempPath(), $"af-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        return new BenchmarkBroker(root, $"afbench{Environment.ProcessId}@localhost", FreePort(), FreePort(), FreePort());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_root is null)
        {
            return;
        }

        Ctl("stop", _environment["RABBITMQ_PID_FILE"]);
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
        }

        _server?.Dispose();
        if (_epmd is { HasExited: false })
        {
            _epmd.Kill();
            _epmd.WaitForExit(5000);
        }

        _epmd?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleanup.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Process Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private int Ctl(params string[] arguments)
    {
        using var ctl = Start("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", _node!, .. arguments]);
        if (!ctl.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            ctl.Kill(entireProcessTree: true);
            return -1;
        }

        return ctl.ExitCode;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorFrames.RabbitMq;

namespace ActorFrames.Tests.Infrastructure;

/// <summary>
/// A private RabbitMQ node for one test run: its own temp folder (data, logs, config, Erlang cookie), free ports on
/// 127.0.0.1 only, and its own epmd, which it stops by its PID at the end. Shared by the "RabbitMq" collection so the
/// broker starts once per run (the RabbitMqBroker fixture), and compiled into the benchmarks too. Needs the
/// Debian package rabbitmq-server.
/// </summary>
public class PrivateRabbitMqNode : IAsyncDisposable
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string CtlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private const string Epmd = "/usr/bin/epmd";
    private static int s_prefixes;
    private readonly string _root;
    private readonly StringBuilder _serverOutput = new();
    private Process? _epmd;
    private Process? _server;

    /// <summary>Initializes a new instance of the <see cref="PrivateRabbitMqNode"/> class in the temp folder.</summary>
    public PrivateRabbitMqNode()
        : this(null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PrivateRabbitMqNode"/> class.</summary>
    /// <param name="parentDirectory">Where the node's folder (data, write-ahead log, logs) goes; the temp folder when null.</param>
    public PrivateRabbitMqNode(string? parentDirectory)
    {
        _root = Path.Combine(parentDirectory ?? Path.GetTempPath(), $"af-rabbit-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
    }

    /// <summary>Gets the AMQP port.</summary>
    public int Port { get; private set; }

    /// <summary>Gets or sets a value indicating whether the node also listens for AMQP over TLS (set before starting).</summary>
    public bool EnableTls { get; set; }

    /// <summary>Gets the AMQP-over-TLS port (when <see cref="EnableTls"/>); its certificate names localhost and 127.0.0.1.</summary>
    public int TlsPort { get; private set; }

    /// <summary>Gets the PEM file of the private authority that signed the TLS certificate (when <see cref="EnableTls"/>).</summary>
    public string CaCertificatePath => Path.Combine(_root, "tls", "ca.pem");

    /// <summary>Gets the process id of the running Erlang VM, from the node's pid file.</summary>
    public int ServerProcessId => int.Parse(File.ReadAllText(PidFile).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Gets the Erlang node name.</summary>
    public string NodeName { get; } = $"af{Environment.ProcessId}x{Random.Shared.Next(100000)}@localhost";

    private int DistPort { get; set; }

    private int EpmdPort { get; set; }

    /// <summary>Creates options for one test: the broker's endpoint, a queue prefix of its own and quick reconnects.</summary>
    /// <returns>The options.</returns>
    public RabbitMqOptions CreateOptions() => new()
    {
        Endpoints = $"127.0.0.1:{Port}",
        QueuePrefix = $"t{Interlocked.Increment(ref s_prefixes)}x{Random.Shared.Next(10000)}",
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        ConnectionTimeout = TimeSpan.FromSeconds(2),
    };

    /// <inheritdoc />
    public async Task StartAsync()
    {
        foreach (var tool in new[] { ServerScript, CtlScript, Epmd })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"{tool} is missing: these tests need a local RabbitMQ (apt-get install -y rabbitmq-server).");
            }
        }

        Directory.CreateDirectory(Path.Combine(_root, "home"));
        Directory.CreateDirectory(Path.Combine(_root, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_root, "log"));
        Port = FreePort();
        DistPort = FreePort();
        EpmdPort = FreePort();
        var config = $"""
            listeners.tcp.1 = 127.0.0.1:{Port}
            loopback_users.guest = true
            log.file.level = warning
            log.console = false
            disk_free_limit.absolute = 10MB

            """;
        if (EnableTls)
        {
            TlsPort = FreePort();
            var tls = Path.Combine(_root, "tls");
            TestCertificates.WriteAuthorityAndServer(tls, "localhost");
            config += $"""
                listeners.ssl.default = 127.0.0.1:{TlsPort}
                ssl_options.cacertfile = {Path.Combine(tls, "ca.pem")}
                ssl_options.certfile = {Path.Combine(tls, "server.pem")}
                ssl_options.keyfile = {Path.Combine(tls, "server-key.pem")}
                ssl_options.verify = verify_none
                ssl_options.fail_if_no_peer_cert = false

                """;
        }

        await File.WriteAllTextAsync(Path.Combine(_root, "rabbitmq.conf"), config);
        await File.WriteAllTextAsync(Path.Combine(_root, "enabled_plugins"), "[].");

        _epmd = Process.Start(new ProcessStartInfo(Epmd)
        {
            ArgumentList = { "-port", EpmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1" },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("epmd did not start.");
        await StartServerAsync();
    }

    /// <summary>Starts the node (again, after <see cref="StopServerAsync"/>) and waits until it accepts connections.</summary>
    /// <returns>A task that completes when the broker is up.</returns>
    public async Task StartServerAsync()
    {
        File.Delete(PidFile);
        var start = Prepare(ServerScript);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _server = Process.Start(start) ?? throw new InvalidOperationException("rabbitmq-server did not start.");
        _server.OutputDataReceived += (_, e) => Append(e.Data);
        _server.ErrorDataReceived += (_, e) => Append(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        var (code, output) = await CtlAsync(TimeSpan.FromSeconds(90), "wait", PidFile, "--timeout", "80");
        if (code != 0)
        {
            throw new InvalidOperationException($"The private RabbitMQ node {NodeName} did not start (rabbitmqctl wait exited {code}).\n{output}\nServer output:\n{ServerOutput()}");
        }
    }

    /// <summary>Stops the node (its data stays); connections drop at once.</summary>
    /// <returns>A task that completes when the node process has exited.</returns>
    public async Task StopServerAsync()
    {
        var (code, output) = await CtlAsync(TimeSpan.FromSeconds(60), "stop", PidFile);
        if (code != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl stop exited {code}: {output}");
        }

        if (_server is { } server)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await server.WaitForExitAsync(timeout.Token);
            server.Dispose();
            _server = null;
        }
    }

    /// <summary>Runs rabbitmqctl against the node.</summary>
    /// <param name="timeout">How long it may take.</param>
    /// <param name="arguments">Its arguments after <c>-n node</c>.</param>
    /// <returns>The exit code and the combined output.</returns>
    public async Task<(int ExitCode, string Output)> CtlAsync(TimeSpan timeout, params string[] arguments)
    {
        var start = Prepare(CtlScript);
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(NodeName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rabbitmqctl {string.Join(' ', arguments)} took longer than {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_server is not null)
            {
                await StopServerAsync();
            }
        }
        finally
        {
            KillServerLeftovers();
            if (_epmd is { } epmd)
            {
                if (!epmd.HasExited)
                {
                    epmd.Kill();
                    await epmd.WaitForExitAsync();
                }

                epmd.Dispose();
            }

            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a dying process: the temp folder is left for the system to clean.
            }

            GC.SuppressFinalize(this);
        }
    }

    private string PidFile => Path.Combine(_root, "rabbit.pid");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private ProcessStartInfo Prepare(string script)
    {
        var start = new ProcessStartInfo(script) { UseShellExecute = false };
        var env = start.Environment;
        env["HOME"] = Path.Combine(_root, "home");
        env["RABBITMQ_NODENAME"] = NodeName;
        env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        env["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        env["RABBITMQ_DIST_PORT"] = DistPort.ToString(CultureInfo.InvariantCulture);
        env["ERL_EPMD_PORT"] = EpmdPort.ToString(CultureInfo.InvariantCulture);
        env["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        env["RABBITMQ_MNESIA_BASE"] = Path.Combine(_root, "mnesia");
        env["RABBITMQ_LOG_BASE"] = Path.Combine(_root, "log");
        env["RABBITMQ_PID_FILE"] = PidFile;
        env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_root, "enabled_plugins");
        env["RABBITMQ_CONFIG_FILE"] = Path.Combine(_root, "rabbitmq.conf");
        env["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_root, "advanced.config");
        env["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_root, "rabbitmq-env.conf");
        env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
        env["RABBITMQ_CTL_DIST_PORT_MIN"] = (DistPort + 1).ToString(CultureInfo.InvariantCulture);
        env["RABBITMQ_CTL_DIST_PORT_MAX"] = (DistPort + 20).ToString(CultureInfo.InvariantCulture);
        return start;
    }

    private void KillServerLeftovers()
    {
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            try
            {
                using var beam = Process.GetProcessById(pid);
                beam.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        if (_server is { HasExited: false } server)
        {
            server.Kill(entireProcessTree: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_serverOutput)
        {
            _serverOutput.AppendLine(line);
        }
    }

    private string ServerOutput()
    {
        lock (_serverOutput)
        {
            return _serverOutput.ToString();
        }
    }
}

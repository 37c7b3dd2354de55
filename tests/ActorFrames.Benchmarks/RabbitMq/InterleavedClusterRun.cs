using System.Diagnostics;
using System.Globalization;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// <c>cluster-interleaved [rounds] [messages]</c>: the cluster throughput benchmark's three shapes (raw loop on two
/// connections, raw loop on one, cluster mode) in one process against one broker, taking turns round by round, so that
/// the drift of a shared machine falls on all of them alike. Each round prints its time, this process's CPU and the
/// broker's CPU per message; the end prints each shape's mean and the cluster's throughput as a share of each raw loop.
/// </summary>
/// <remarks>
/// This is a diagnostic beside the BenchmarkDotNet classes, not a replacement: it shows where CPU goes (the .NET side or
/// the broker), and its rounds are seconds apart instead of minutes. Unlike BenchmarkDotNet's one process per
/// benchmark, the three shapes share one process (its thread pool, garbage collector and JIT state), so its ratio is
/// evidence beside theirs, not the same measure.
/// </remarks>
internal static class InterleavedClusterRun
{
    public const string Command = "cluster-interleaved";
    private const int WarmupRounds = ClusterJob.WarmupIterations;

    /// <summary>Linux's USER_HZ, the unit of /proc/PID/stat's CPU times.</summary>
    private const double ClockTicksPerSecond = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 12;
        var messages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        if (Environment.GetEnvironmentVariable(ClusterJob.PoolVariable) is null)
        {
            // The variable only works from the start of a process: run again with it, as the BenchmarkDotNet job does.
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                // Started as `dotnet ActorFrames.Benchmarks.dll …` rather than through the app host.
                start.ArgumentList.Add(typeof(InterleavedClusterRun).Assembly.Location);
            }

            foreach (var argument in Environment.GetCommandLineArgs()[1..])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment[ClusterJob.PoolVariable] = "256";
            using var child = Process.Start(start)!;
            await child.WaitForExitAsync().ConfigureAwait(false);
            return child.ExitCode;
        }

        using var broker = BenchmarkBroker.Start();
        Environment.SetEnvironmentVariable(BenchmarkBroker.Variable, broker.Endpoint);
        var data = new byte[32 * 1024];
        new Random(7).NextBytes(data);
        await using var raw = new ClusterRig();
        await raw.StartRawAsync(consumers: 2, consumerConnection: true).ConfigureAwait(false);
        await using var shared = new ClusterRig();
        await shared.StartRawAsync(consumers: 2, consumerConnection: false).ConfigureAwait(false);
        await using var cluster = new ClusterRig();
        await cluster.StartClusterAsync(nodes: 1, ClusterRig.LengthHandler, workersPerNode: 2).ConfigureAwait(false);
        var shapes = new Shape[]
        {
            new("RawPublishConsume", () => raw.RawRoundAsync(data, messages)),
            new("RawSharedConnection", () => shared.RawRoundAsync(data, messages)),
            new("Cluster", () => cluster.ClusterRoundAsync(data, messages)),
        };

        Console.WriteLine($"{rounds} rounds of {messages} × 32 KiB per shape after {WarmupRounds} warm-up rounds; broker pid {broker.ServerProcessId}");
        for (var round = -WarmupRounds; round < rounds; round++)
        {
            // Rotate who goes first, so that no shape always follows the same one.
            for (var turn = 0; turn < shapes.Length; turn++)
            {
                var shape = shapes[(turn + Math.Max(round, 0)) % shapes.Length];
                var sample = await MeasureAsync(shape.Round, messages, broker.ServerProcessId).ConfigureAwait(false);
                if (round >= 0)
                {
                    shape.Samples.Add(sample);
                    Console.WriteLine($"{round,3} {shape.Name,-20} {sample.Wall,7:F1} µs/msg  .NET {sample.Process,6:F1} µs  broker {sample.Broker,6:F1} µs");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"Shape",-20} {"Mean",9} {"Median",9} {"msg/s",7} {".NET CPU",9} {"Broker CPU",11}");
        foreach (var shape in shapes)
        {
            var walls = shape.Samples.Select(s => s.Wall).Order().ToArray();
            var mean = walls.Average();
            Console.WriteLine(
                $"{shape.Name,-20} {mean,6:F1} µs {walls[walls.Length / 2],6:F1} µs {1e6 / mean,7:F0} {shape.Samples.Average(s => s.Process),6:F1} µs {shape.Samples.Average(s => s.Broker),8:F1} µs");
        }

        var clusterMean = shapes[2].Samples.Average(s => s.Wall);
        Console.WriteLine($"Cluster throughput: {shapes[0].Samples.Average(s => s.Wall) / clusterMean:P1} of RawPublishConsume, {shapes[1].Samples.Average(s => s.Wall) / clusterMean:P1} of RawSharedConnection");
        return cluster.Sink.Failures == 0 ? 0 : 1;
    }

    private static async Task<Sample> MeasureAsync(Func<Task> round, int messages, int? brokerProcess)
    {
        using var self = Process.GetCurrentProcess();
        var process = self.TotalProcessorTime;
        var brokerTicks = BrokerTicks(brokerProcess);
        var clock = Stopwatch.StartNew();
        await round().ConfigureAwait(false);
        var wall = clock.Elapsed;
        self.Refresh();
        return new Sample(
            wall.TotalMicroseconds / messages,
            (self.TotalProcessorTime - process).TotalMicroseconds / messages,
            brokerProcess is null ? double.NaN : (BrokerTicks(brokerProcess) - brokerTicks) * 1e6 / ClockTicksPerSecond / messages);
    }

    private static long BrokerTicks(int? process)
    {
        if (process is null)
        {
            return 0;
        }

        // Fields 14 and 15 of /proc/PID/stat (utime, stime), counted after the command name, which may hold spaces.
        var stat = File.ReadAllText($"/proc/{process}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private sealed record Shape(string Name, Func<Task> Round)
    {
        public List<Sample> Samples { get; } = [];
    }

    private readonly record struct Sample(double Wall, double Process, double Broker);
}

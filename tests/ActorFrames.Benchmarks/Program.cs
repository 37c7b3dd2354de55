using ActorFrames.Benchmarks.RabbitMq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace ActorFrames.Benchmarks;

internal static class Program
{
    public static int Main(string[] args)
    {
        if (args is [InterleavedClusterRun.Command, .. var rest])
        {
            return InterleavedClusterRun.RunAsync(rest).GetAwaiter().GetResult();
        }

        // Results go next to the benchmarks (tests/ActorFrames.Benchmarks/BenchmarkDotNet.Artifacts, ignored by git),
        // not into whatever folder the run started from; --artifacts still overrides it.
        var project = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));
        var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(project, "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}

using System.Collections.Immutable;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// Runs a class's benchmarks in rounds, one round per job (the jobs differ only in their id, Round1, Round2, … taken in
/// numeric order), odd rounds forward and even rounds backward: A B C, C B A, A B C, … A shared machine's drift over
/// the minutes of the run then falls on every benchmark alike instead of on whichever happened to run during a slow
/// spell.
/// </summary>
internal sealed class RoundsOrderer : DefaultOrderer
{
    public override IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarksCase, IEnumerable<BenchmarkLogicalGroupRule>? order = null)
    {
        var declared = base.GetExecutionOrder(benchmarksCase, order).ToList();
        var rounds = declared.Select(c => c.Job.Id).Distinct().OrderBy(id => id.Length).ThenBy(id => id, StringComparer.Ordinal).ToList();
        for (var round = 0; round < rounds.Count; round++)
        {
            var cases = declared.Where(c => c.Job.Id == rounds[round]).ToList();
            if (round % 2 == 1)
            {
                cases.Reverse();
            }

            foreach (var benchmarkCase in cases)
            {
                yield return benchmarkCase;
            }
        }
    }
}

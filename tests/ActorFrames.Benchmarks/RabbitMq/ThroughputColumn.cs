using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ActorFrames.Benchmarks.RabbitMq;

/// <summary>
/// A benchmark's throughput as a share of the baseline's, over every round of the run: the mean of the baseline's
/// per-round mean times over the mean of this benchmark's (<see cref="ClusterJob"/> runs each benchmark in several
/// rounds, as jobs; every row of a benchmark shows the same pooled figure). This is the cluster goal's measure (≥ 90 %).
/// BenchmarkDotNet's Ratio column is per round, and a mean of per-iteration ratios, which the iterations' spread biases
/// upward (the baseline's own Ratio reads 1.05, not 1.00).
/// </summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "Throughput vs baseline (all rounds)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "The baseline's mean time over this benchmark's, both averaged over all rounds (operations per second as a share of the baseline's)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mine = MeanOverRounds(summary, c => c.Descriptor == benchmarkCase.Descriptor && c.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo);
        var baseline = MeanOverRounds(summary, c => c.Descriptor.Baseline && c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo);
        return mine is null || baseline is null ? "-" : (baseline.Value / mine.Value).ToString("P1", CultureInfo.InvariantCulture);
    }

    private static double? MeanOverRounds(Summary summary, Func<BenchmarkCase, bool> which)
    {
        var means = summary.BenchmarksCases.Where(which).Select(c => summary[c]?.ResultStatistics?.Mean).ToList();
        return means.Count == 0 || means.Any(m => m is null) ? null : means.Average();
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

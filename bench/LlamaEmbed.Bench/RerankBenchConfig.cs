using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LlamaEmbed.Bench.Infrastructure;

namespace LlamaEmbed.Bench;

/// <summary>
/// Model-level rerank runs: <see cref="RunStrategy.Monitoring"/>, one warm-up and two measured iterations of one
/// invocation each, in process, with passages/s and generated tokens/s columns.
/// </summary>
internal sealed class RerankBenchConfig : ManualConfig
{
    public RerankBenchConfig()
    {
        // One passage at a time on the real-shape model runs for minutes; the default in-process timeout is 5.
        AddJob(ModelRunJob.Create(iterations: 2, new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)));
        AddColumn(RerankThroughputColumn.PassagesPerSecond, RerankThroughputColumn.TokensPerSecond);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>
/// Passages/s or generated tokens/s of a rerank benchmark: <see cref="RerankBenchmarks.Passages"/> passages of exactly
/// <see cref="RerankBenchmarks.ReasoningTokens"/> generated tokens each (checked in setup) over the mean invocation time.
/// </summary>
internal sealed class RerankThroughputColumn : IColumn
{
    private readonly bool _tokens;

    private RerankThroughputColumn(bool tokens) => _tokens = tokens;

    public static IColumn PassagesPerSecond { get; } = new RerankThroughputColumn(tokens: false);

    public static IColumn TokensPerSecond { get; } = new RerankThroughputColumn(tokens: true);

    public string Id => ColumnName;

    public string ColumnName => _tokens ? "GenTokens/s" : "Passages/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _tokens ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _tokens ? "Reasoning tokens generated per second" : "Passages judged per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } stats)
        {
            return "-";
        }
        double units = RerankBenchmarks.Passages * (_tokens ? RerankBenchmarks.ReasoningTokens : 1);
        return (units / (stats.Mean / 1e9)).ToString("N2", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}

using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// Texts/s or tokens/s of an embedding benchmark: the invocation's workload (from its <c>TextTokens</c> parameter,
/// see <see cref="EmbeddingWorkload"/>) divided by the mean time of one invocation.
/// </summary>
internal sealed class ThroughputColumn : IColumn
{
    private readonly bool _tokens;

    private ThroughputColumn(bool tokens) => _tokens = tokens;

    /// <summary>Tokens per second, BOS and EOS included.</summary>
    public static IColumn TokensPerSecond { get; } = new ThroughputColumn(tokens: true);

    /// <summary>Texts per second.</summary>
    public static IColumn TextsPerSecond { get; } = new ThroughputColumn(tokens: false);

    public string Id => ColumnName;

    public string ColumnName => _tokens ? "Tokens/s" : "Texts/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _tokens ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _tokens ? "Tokens embedded per second (BOS/EOS included)" : "Texts embedded per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } stats
            || benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "TextTokens")?.Value is not int contentTokens)
        {
            return "-";
        }
        double units = EmbeddingWorkload.TextsPerInvocation(contentTokens) * (_tokens ? EmbeddingWorkload.TokensPerText(contentTokens) : 1);
        return (units / (stats.Mean / 1e9)).ToString(_tokens ? "N0" : "N1", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}

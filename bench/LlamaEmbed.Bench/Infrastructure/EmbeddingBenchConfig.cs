using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// Model-level runs: <see cref="RunStrategy.Monitoring"/> (no pilot, one invocation per iteration), one warm-up and
/// three measured iterations, in process (each case loads its own model in <c>[GlobalSetup]</c>; process-level peak
/// RSS is measured separately by <c>--rss</c>), with texts/s and tokens/s columns and the GC memory diagnoser.
/// </summary>
internal sealed class EmbeddingBenchConfig : ManualConfig
{
    public EmbeddingBenchConfig()
    {
        AddJob(ModelRunJob.Create(iterations: 3));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(ThroughputColumn.TextsPerSecond, ThroughputColumn.TokensPerSecond);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

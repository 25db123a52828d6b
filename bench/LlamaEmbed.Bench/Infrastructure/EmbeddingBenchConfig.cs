using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

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
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Monitoring"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(ThroughputColumn.TextsPerSecond, ThroughputColumn.TokensPerSecond);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

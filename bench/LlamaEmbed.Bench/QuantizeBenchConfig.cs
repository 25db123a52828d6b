using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LlamaEmbed.Bench;

/// <summary>
/// File-to-file runs of several seconds: <see cref="RunStrategy.Monitoring"/>, one warm-up and three measured
/// iterations, in process (so the memory columns can read this process's counters), with the GC memory diagnoser
/// and the peak-RSS columns of <see cref="QuantizeMemoryColumns"/>.
/// </summary>
internal sealed class QuantizeBenchConfig : ManualConfig
{
    public QuantizeBenchConfig()
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
        AddColumn(QuantizeMemoryColumns.PeakRss, QuantizeMemoryColumns.PeakAnonymousRss);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

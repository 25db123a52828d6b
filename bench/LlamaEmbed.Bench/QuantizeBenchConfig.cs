using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using LlamaEmbed.Bench.Infrastructure;

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
        AddJob(ModelRunJob.Create(iterations: 3));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(QuantizeMemoryColumns.PeakRss, QuantizeMemoryColumns.PeakAnonymousRss);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Bench;

/// <summary>
/// <c>llamaembed convert</c>'s library path on an EmbeddingGemma-300m-shaped BF16 checkpoint (real shapes, 262,144
/// tokens, Dense layers): one streaming pass to F16 and one to Q8_0. Time per conversion; BenchmarkDotNet's memory
/// diagnoser shows the managed allocation (the bounded block buffers), and bench/README.md records the process's
/// peak RSS measured separately with <c>/usr/bin/time -v llamaembed convert …</c>.
/// </summary>
[Config(typeof(ConvertBenchConfig))]
[BenchmarkCategory("Convert")]
public class ConvertBenchmarks
{
    private string _checkpoint = string.Empty;
    private string _output = string.Empty;

    /// <summary>The output weight type.</summary>
    [Params("F16", "Q8_0")]
    public string Type { get; set; } = "F16";

    [GlobalSetup]
    public void Setup()
    {
        _checkpoint = ConvertCheckpoint.Ensure();
        _output = Path.Combine(Path.GetTempPath(), $"llamaembed-bench-convert-{Type}.gguf");
    }

    [Benchmark]
    public long Convert() =>
        GgufConverter.Convert(_checkpoint, _output, new ConversionOptions { OutputType = Type == "F16" ? GgmlType.F16 : GgmlType.Q8_0 }).FileBytes;

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_output);
}

/// <summary>
/// Three monitored runs after one warm-up, in process: a conversion takes seconds, so per-call noise is negligible,
/// and the in-process toolchain spares a rebuild of the whole solution for every run.
/// </summary>
public sealed class ConvertBenchConfig : ManualConfig
{
    public ConvertBenchConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

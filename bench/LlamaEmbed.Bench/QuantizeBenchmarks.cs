using BenchmarkDotNet.Attributes;
using LlamaEmbed.Bench.Infrastructure;
using LlamaEmbed.Quantization;

namespace LlamaEmbed.Bench;

/// <summary>
/// Quantizing the EmbeddingGemma-300m-shaped synthetic model (F32, 1.18 GiB, 307 M values) to Q8_0 and Q4_0:
/// LlamaEmbed's managed engine against llama.cpp's <c>llama_model_quantize</c> (the baseline), both on every core,
/// writing byte-identical files. Columns: time, managed allocations, peak RSS (mapped input included) and peak
/// anonymous RSS (the memory each engine allocates).
/// </summary>
[Config(typeof(QuantizeBenchConfig))]
[BenchmarkCategory("Quantize")]
public class QuantizeBenchmarks
{
    private string _source = "";
    private string _output = "";

    /// <summary>The target type.</summary>
    [Params(GgufQuantizationType.Q8_0, GgufQuantizationType.Q4_0)]
    public GgufQuantizationType Type { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = BenchModels.Ensure(BenchWeights.F32);
        _output = Path.Combine(BenchModels.CacheDirectory, $"bench-quantize-{Type}.gguf");
    }

    [IterationSetup(Target = nameof(Native))]
    public void StartNative() => QuantizeMemoryColumns.Start(nameof(Native));

    [IterationSetup(Target = nameof(Managed))]
    public void StartManaged() => QuantizeMemoryColumns.Start(nameof(Managed));

    [IterationCleanup]
    public void StopMemory()
    {
        QuantizeMemoryColumns.Stop(Type);
        File.Delete(_output);
    }

    [Benchmark(Baseline = true)]
    public long Native() => Run(GgufQuantizerEngine.Native);

    [Benchmark]
    public long Managed() => Run(GgufQuantizerEngine.Managed);

    private long Run(GgufQuantizerEngine engine) =>
        GgufQuantizer.Quantize(_source, _output, new GgufQuantizeOptions { Type = Type, Engine = engine, Overwrite = true }).OutputBytes;
}

using BenchmarkDotNet.Attributes;
using LlamaEmbed.Bench.Infrastructure;

namespace LlamaEmbed.Bench;

/// <summary>
/// What llama.cpp's weight repacking (<c>use_extra_bufts</c>, on by default, and on in the runtime) buys in speed
/// for quantized weights, to weigh against the memory it costs (the repacked copies come on top of the mapped file;
/// see <c>--rss</c>). Bare loop, short texts, the default budget.
/// </summary>
[Config(typeof(EmbeddingBenchConfig))]
[BenchmarkCategory("Embedding")]
public class EmbeddingRepackBenchmarks
{
    private EmbeddingRun? _run;

    /// <summary>Weight type of the model file (repacking applies to quantized types).</summary>
    [Params(BenchWeights.Q8_0, BenchWeights.Q4_0)]
    public BenchWeights Weights { get; set; }

    /// <summary>Content tokens per text (BOS and EOS come on top).</summary>
    [Params(16)]
    public int TextTokens { get; set; }

    [GlobalSetup(Target = nameof(Bare_Repacked))]
    public void SetupRepacked() => _run = EmbeddingRun.Bare(Weights, TextTokens, budget: null);

    [GlobalSetup(Target = nameof(Bare_NotRepacked))]
    public void SetupNotRepacked() => _run = EmbeddingRun.Bare(Weights, TextTokens, budget: null, repack: false);

    [GlobalCleanup]
    public void Cleanup() => _run?.Dispose();

    [Benchmark(Baseline = true)]
    public int Bare_Repacked() => _run!.BareBatched();

    [Benchmark]
    public int Bare_NotRepacked() => _run!.BareBatched();
}

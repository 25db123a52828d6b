using BenchmarkDotNet.Attributes;
using LlamaEmbed.Bench.Infrastructure;
using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Bench;

/// <summary>
/// Short texts one at a time (one text per call, each awaited before the next) against batched (the default
/// budget, many texts per call), for the bare native loop and for <see cref="EmbeddingModel"/>. The Ratio column is
/// relative to the bare loop one at a time; the target is batched runtime ≥ 1.25× the one-at-a-time rate.
/// </summary>
[Config(typeof(EmbeddingBenchConfig))]
[BenchmarkCategory("Embedding")]
public class EmbeddingBatchingBenchmarks
{
    private EmbeddingRun? _run;

    /// <summary>Weight type of the model file.</summary>
    [Params(BenchWeights.F32, BenchWeights.Q8_0, BenchWeights.Q4_0)]
    public BenchWeights Weights { get; set; }

    /// <summary>Content tokens per text (BOS and EOS come on top).</summary>
    [Params(16)]
    public int TextTokens { get; set; }

    [GlobalSetup(Targets = [nameof(Bare_OneAtATime), nameof(Bare_Batched)])]
    public void SetupBare() => _run = EmbeddingRun.Bare(Weights, TextTokens, budget: null);

    [GlobalSetup(Targets = [nameof(Runtime_OneAtATime), nameof(Runtime_Batched)])]
    public void SetupRuntime() => _run = EmbeddingRun.Runtime(Weights, TextTokens, budget: null, PoolingExecution.Auto);

    [GlobalCleanup]
    public void Cleanup() => _run?.Dispose();

    [Benchmark(Baseline = true)]
    public int Bare_OneAtATime() => _run!.BareOneAtATime();

    [Benchmark]
    public int Bare_Batched() => _run!.BareBatched();

    [Benchmark]
    public Task<int> Runtime_OneAtATime() => _run!.RuntimeOneAtATimeAsync();

    [Benchmark]
    public Task<int> Runtime_Batched() => _run!.RuntimeBatchedAsync();
}

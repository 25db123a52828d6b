using BenchmarkDotNet.Attributes;
using LlamaEmbed.Bench.Infrastructure;
using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Bench;

/// <summary>
/// Throughput of <see cref="EmbeddingModel"/> (Q8_0, native pooling) against the tokens per call, to place the
/// default memory budget (1 GiB, 960 tokens per call for a 262,144-token vocabulary) against the best measured.
/// Short texts here; long texts in <see cref="EmbeddingBudgetLongBenchmarks"/>, whose texts do not fit small budgets.
/// </summary>
[Config(typeof(EmbeddingBenchConfig))]
[BenchmarkCategory("Embedding")]
public class EmbeddingBudgetShortBenchmarks
{
    private EmbeddingRun? _run;

    /// <summary>Content tokens per text (BOS and EOS come on top).</summary>
    [Params(16)]
    public int TextTokens { get; set; }

    /// <summary>Tokens per llama_decode call, or "default".</summary>
    [Params("64", "256", "512", "default", "2048")]
    public string Budget { get; set; } = "default";

    [GlobalSetup]
    public void Setup() => _run = EmbeddingRun.Runtime(BenchWeights.Q8_0, TextTokens, EmbeddingRun.ParseBudget(Budget), PoolingExecution.Native);

    [GlobalCleanup]
    public void Cleanup() => _run?.Dispose();

    [Benchmark]
    public Task<int> Runtime_Q8_0() => _run!.RuntimeBatchedAsync();
}

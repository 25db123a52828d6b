using BenchmarkDotNet.Attributes;
using LlamaEmbed.Bench.Infrastructure;
using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Bench;

/// <summary>The long-text half of <see cref="EmbeddingBudgetShortBenchmarks"/>: budgets that hold a 258-token text.</summary>
[Config(typeof(EmbeddingBenchConfig))]
[BenchmarkCategory("Embedding")]
public class EmbeddingBudgetLongBenchmarks
{
    private EmbeddingRun? _run;

    /// <summary>Content tokens per text (BOS and EOS come on top).</summary>
    [Params(256)]
    public int TextTokens { get; set; }

    /// <summary>Tokens per llama_decode call, or "default".</summary>
    [Params("512", "default", "2048")]
    public string Budget { get; set; } = "default";

    [GlobalSetup]
    public void Setup() => _run = EmbeddingRun.Runtime(BenchWeights.Q8_0, TextTokens, EmbeddingRun.ParseBudget(Budget), PoolingExecution.Native);

    [GlobalCleanup]
    public void Cleanup() => _run?.Dispose();

    [Benchmark]
    public Task<int> Runtime_Q8_0() => _run!.RuntimeBatchedAsync();
}

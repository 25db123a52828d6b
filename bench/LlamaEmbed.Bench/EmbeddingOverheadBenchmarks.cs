using BenchmarkDotNet.Attributes;
using LlamaEmbed.Bench.Infrastructure;
using LlamaEmbed.Embeddings;

namespace LlamaEmbed.Bench;

/// <summary>
/// Our overhead: <see cref="EmbeddingModel"/> (native and managed pooling) against the bare native loop doing the
/// same llama.cpp work, on the EmbeddingGemma-300m-shaped model, per weight type and text length at the default
/// budget (other budgets: <see cref="EmbeddingBudgetShortBenchmarks"/>; one text per call:
/// <see cref="EmbeddingBatchingBenchmarks"/>). The Ratio column is runtime time ÷ bare-loop time; the target is ≤ 1.03.
/// </summary>
[Config(typeof(EmbeddingBenchConfig))]
[BenchmarkCategory("Embedding")]
public class EmbeddingOverheadBenchmarks
{
    private EmbeddingRun? _run;

    /// <summary>Weight type of the model file.</summary>
    [Params(BenchWeights.F32, BenchWeights.Q8_0, BenchWeights.Q4_0)]
    public BenchWeights Weights { get; set; }

    /// <summary>Content tokens per text (BOS and EOS come on top).</summary>
    [Params(16, 256)]
    public int TextTokens { get; set; }

    /// <summary>Tokens per llama_decode call: "default" is the runtime's derivation from its 1 GiB memory budget (960 here).</summary>
    [Params("default")]
    public string Budget { get; set; } = "default";

    [GlobalSetup(Target = nameof(BareLoop))]
    public void SetupBare() => _run = EmbeddingRun.Bare(Weights, TextTokens, EmbeddingRun.ParseBudget(Budget));

    [GlobalSetup(Target = nameof(Runtime_NativePooling))]
    public void SetupNative() => _run = EmbeddingRun.Runtime(Weights, TextTokens, EmbeddingRun.ParseBudget(Budget), PoolingExecution.Native);

    [GlobalSetup(Target = nameof(Runtime_ManagedPooling))]
    public void SetupManaged() => _run = EmbeddingRun.Runtime(Weights, TextTokens, EmbeddingRun.ParseBudget(Budget), PoolingExecution.Managed);

    [GlobalCleanup]
    public void Cleanup() => _run?.Dispose();

    [Benchmark(Baseline = true)]
    public int BareLoop() => _run!.BareBatched();

    [Benchmark]
    public Task<int> Runtime_NativePooling() => _run!.RuntimeBatchedAsync();

    [Benchmark]
    public Task<int> Runtime_ManagedPooling() => _run!.RuntimeBatchedAsync();
}

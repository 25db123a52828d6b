using BenchmarkDotNet.Attributes;
using LlamaEmbed.Reranking;

namespace LlamaEmbed.Bench;

/// <summary>
/// rank1 reranking of 16 passages on the Qwen2.5-0.5B-shaped synthetic model: one passage at a time (one sequence,
/// full prompt each) against all passages as parallel sequences of one context with the shared prompt prefix
/// evaluated once. Random weights never write <c>&lt;/think&gt; true</c>, so every passage reasons for exactly the
/// 16-token budget and then takes the fallback step: both modes do the same work. Target: parallel ≥ 2× the
/// one-at-a-time rate.
/// </summary>
[Config(typeof(RerankBenchConfig))]
[BenchmarkCategory("Rerank")]
public class RerankBenchmarks
{
    /// <summary>Passages per request.</summary>
    public const int Passages = 16;

    /// <summary>The reasoning budget; every passage uses all of it (checked at cleanup).</summary>
    public const int ReasoningTokens = 16;

    private const string Query = "How do parallel sequences share a prompt prefix in a key value cache?";

    private static readonly string[] s_words =
    [
        "the", "model", "reads", "each", "passage", "and", "decides", "whether", "it", "answers", "query", "cache",
        "tokens", "prefix", "shared", "sequence", "context", "batch", "decode", "step", "logits", "score", "reason",
    ];

    private Rank1Reranker? _reranker;
    private string[] _passages = [];
    private IReadOnlyList<Rank1Judgement> _last = [];

    [GlobalSetup(Target = nameof(OneAtATime))]
    public void SetupOneAtATime() => Setup(parallel: 1, share: false);

    [GlobalSetup(Target = nameof(Parallel16))]
    public void SetupParallel() => Setup(parallel: Passages, share: false);

    [GlobalSetup(Target = nameof(Parallel16_SharedPrefix))]
    public void SetupParallelShared() => Setup(parallel: Passages, share: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        _reranker?.Dispose();
        if (_last.Count != Passages || _last.Any(j => j.ReasoningTokens != ReasoningTokens))
        {
            throw new InvalidOperationException(
                $"Every passage must reason for exactly {ReasoningTokens} tokens for equal work; got {string.Join(", ", _last.Select(j => j.ReasoningTokens))}.");
        }
    }

    /// <summary>One sequence: each passage's whole prompt, then its reasoning, before the next passage starts.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> OneAtATime() => Record(await _reranker!.RerankAsync(Query, _passages).ConfigureAwait(false));

    /// <summary>16 parallel sequences, each decoding its whole prompt.</summary>
    [Benchmark]
    public async Task<int> Parallel16() => Record(await _reranker!.RerankAsync(Query, _passages).ConfigureAwait(false));

    /// <summary>16 parallel sequences sharing the instruction-and-query prefix (the default engine).</summary>
    [Benchmark]
    public async Task<int> Parallel16_SharedPrefix() => Record(await _reranker!.RerankAsync(Query, _passages).ConfigureAwait(false));

    private void Setup(int parallel, bool share)
    {
        _passages = [.. Enumerable.Range(0, Passages).Select(Passage)];
        _reranker = Rank1Reranker.Load(RerankBenchModel.Ensure(), new Rank1Options
        {
            MaxReasoningTokens = ReasoningTokens,
            ContextSize = 512,
            ParallelSequences = parallel,
            SharePromptPrefix = share,
            Threads = Environment.ProcessorCount,
        });
    }

    private int Record(IReadOnlyList<Rank1Judgement> results)
    {
        _last = results;
        return results.Count;
    }

    /// <summary>A deterministic passage of 40 words.</summary>
    private static string Passage(int index) =>
        string.Join(" ", Enumerable.Range(0, 40).Select(k => s_words[(index * 7 + k * 5 + k * k) % s_words.Length])) + ".";
}

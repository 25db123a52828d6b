using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// Everything that defines a synthetic model: architecture, shape, hyperparameters, weight type, seed, vocabulary
/// and optional <c>llamaembed.*</c> metadata. The same spec always writes the same bytes.
/// </summary>
/// <remarks>Presets at real and tiny shapes are in <see cref="SyntheticModels"/>; use <c>with</c> to vary one.</remarks>
public sealed record SyntheticModelSpec
{
    /// <summary>The llama.cpp architecture.</summary>
    public required SyntheticArchitecture Architecture { get; init; }

    /// <summary><c>general.name</c>.</summary>
    public string Name { get; init; } = "synthetic";

    /// <summary>E, <c>embedding_length</c>.</summary>
    public required int EmbeddingLength { get; init; }

    /// <summary>L, <c>block_count</c> (1–512).</summary>
    public required int LayerCount { get; init; }

    /// <summary>H, <c>attention.head_count</c>.</summary>
    public required int HeadCount { get; init; }

    /// <summary>Hkv, <c>attention.head_count_kv</c>.</summary>
    public required int HeadCountKv { get; init; }

    /// <summary>D, <c>attention.key_length</c> = <c>value_length</c> (and the rope dimension count).</summary>
    public required int HeadDim { get; init; }

    /// <summary>F, <c>feed_forward_length</c>.</summary>
    public required int FeedForwardLength { get; init; }

    /// <summary><c>context_length</c> (n_ctx_train).</summary>
    public int ContextLength { get; init; } = 2048;

    /// <summary>Gemma: <c>attention.sliding_window</c>. Required (&gt; 0) for gemma-embedding; 0 turns SWA off on gemma3.</summary>
    public int SlidingWindow { get; init; } = 512;

    /// <summary>Gemma: <c>attention.sliding_window_pattern</c> as a period n (layer i is SWA iff i % n &lt; n − 1); null leaves the loader default of 6.</summary>
    public int? SlidingWindowPattern { get; init; }

    /// <summary>Gemma: an explicit per-layer pattern (true = SWA), written as a BOOL array; overrides <see cref="SlidingWindowPattern"/>.</summary>
    public IReadOnlyList<bool>? SlidingWindowLayers { get; init; }

    /// <summary><c>rope.freq_base</c> (global layers on Gemma).</summary>
    public float RopeFreqBase { get; init; } = 1_000_000f;

    /// <summary>Gemma: <c>rope.freq_base_swa</c>, the local layers' base.</summary>
    public float RopeFreqBaseSwa { get; init; } = 10_000f;

    /// <summary><c>attention.layer_norm_rms_epsilon</c>.</summary>
    public float RmsEpsilon { get; init; } = 1e-6f;

    /// <summary>Storage type of the matrices: <see cref="GgmlType.F32"/>, <see cref="GgmlType.F16"/> or <see cref="GgmlType.BF16"/>. Norms and biases stay F32.</summary>
    public GgmlType WeightType { get; init; } = GgmlType.F16;

    /// <summary>Seed; each tensor's values come from a generator seeded by this and the tensor's name.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Multiplies every weight's standard deviation (scale/√fan_in).</summary>
    public float WeightScale { get; init; } = 1f;

    /// <summary>True to omit <c>output.weight</c> so the LM head reuses <c>token_embd</c> (ignored by gemma-embedding, which has no head).</summary>
    public bool TiedOutput { get; init; } = true;

    /// <summary>gemma-embedding: the Dense feature size D, giving <c>dense_2</c> [E→D] and <c>dense_3</c> [D→E]; null for none.</summary>
    public int? DenseFeatures { get; init; }

    /// <summary><c>{arch}.pooling_type</c>; null writes no key.</summary>
    public SyntheticPoolingType? PoolingType { get; init; }

    /// <summary><c>{arch}.attention.causal</c>; null writes no key (gemma3 is then causal).</summary>
    public bool? Causal { get; init; }

    /// <summary>Whether to write q/k/v biases; null means the architecture's default (Qwen2 has them, the others not).</summary>
    public bool? AttentionBiases { get; init; }

    /// <summary>How to build the tokenizer vocabulary.</summary>
    public SyntheticVocabularyOptions Vocabulary { get; init; } = new();

    /// <summary>Our <c>llamaembed.*</c> keys to write; null writes none.</summary>
    public SyntheticEmbeddingMetadata? EmbeddingMetadata { get; init; }

    /// <summary>
    /// Replaces a tensor's random values: called once per tensor; return the values (exactly
    /// <see cref="SyntheticTensor.ElementCount"/> floats in ggml order, row after row of <c>Shape[0]</c>) or null to keep the random ones.
    /// </summary>
    public Func<SyntheticTensor, float[]?>? OverrideTensor { get; init; }

    /// <summary>Whether q/k/v biases are written.</summary>
    public bool HasAttentionBiases => AttentionBiases ?? Architecture == SyntheticArchitecture.Qwen2;

    /// <summary>Whether layer <paramref name="layer"/> uses sliding-window attention, as llama.cpp will decide.</summary>
    public bool IsSlidingWindowLayer(int layer)
    {
        if (!Architecture.IsGemma() || SlidingWindow <= 0)
        {
            return false;
        }
        if (SlidingWindowLayers is not null)
        {
            return SlidingWindowLayers[layer];
        }
        int period = SlidingWindowPattern ?? 6;
        return period > 0 && layer % period < period - 1;
    }

    /// <summary>Builds this spec's vocabulary.</summary>
    public SyntheticVocabulary BuildVocabulary() => SyntheticVocabularies.For(Architecture, Vocabulary);

    /// <summary>Throws when llama.cpp would refuse or abort on this spec.</summary>
    /// <exception cref="ArgumentException">The spec is inconsistent.</exception>
    public void Validate()
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message);
            }
        }
        Require(EmbeddingLength > 0 && HeadCount > 0 && HeadCountKv > 0 && HeadDim > 0 && FeedForwardLength > 0 && ContextLength > 0,
            "Every dimension must be positive.");
        Require(LayerCount is >= 1 and <= 512, $"block_count must be 1–512 (llama.cpp aborts otherwise); it is {LayerCount}.");
        Require(HeadCount % HeadCountKv == 0, $"head_count {HeadCount} must be a multiple of head_count_kv {HeadCountKv}.");
        Require(WeightType is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16, $"Weight type must be F32, F16 or BF16, not {WeightType}.");
        Require(HeadDim % 2 == 0, "head_dim must be even (RoPE rotates pairs).");
        Require(SlidingWindowLayers is null || SlidingWindowLayers.Count == LayerCount,
            $"sliding_window_layers needs one flag per layer ({LayerCount}).");
        Require(DenseFeatures is null || Architecture == SyntheticArchitecture.GemmaEmbedding,
            "Only gemma-embedding reads Dense layers; on other architectures they make the load fail.");
        Require(DenseFeatures is null or > 0, "Dense feature size must be positive.");
        Require(EmbeddingMetadata is not { PrefixTokens: true } || (Architecture.IsGemma() && Vocabulary.IncludePrefixTokens),
            "Prefix-token keys need a Gemma vocabulary built with IncludePrefixTokens.");
        if (Architecture == SyntheticArchitecture.GemmaEmbedding)
        {
            Require(SlidingWindow > 0, "gemma-embedding requires attention.sliding_window > 0.");
            var swa = Enumerable.Range(0, LayerCount).Select(IsSlidingWindowLayer).ToList();
            Require(swa.Contains(true) && swa.Contains(false),
                "gemma-embedding needs at least one sliding-window and one global layer, or the first encode aborts (use ≥ 6 layers or an explicit pattern).");
        }
        if (Architecture == SyntheticArchitecture.Qwen2)
        {
            Require(HeadCount * HeadDim == EmbeddingLength,
                $"qwen2 needs head_count × head_dim = embedding_length ({HeadCount} × {HeadDim} ≠ {EmbeddingLength}).");
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// Ready-made specs: the real shapes of the models we benchmark against (random weights, real tensor layouts, real
/// vocabulary sizes) and tiny shapes that build in milliseconds and load fast for tests.
/// </summary>
public static partial class SyntheticModels
{
    /// <summary>
    /// EmbeddingGemma-300m: gemma-embedding, E=768, 24 layers, 3 heads (1 KV) of 256, F=1152, context 2048,
    /// 262,144 tokens, sliding window 512, rope 1e6/1e4, eps 1e-6, mean pooling, Dense 768→3072→768, F16,
    /// with EmbeddingGemma's <c>llamaembed.*</c> profile and prompts.
    /// </summary>
    public static SyntheticModelSpec EmbeddingGemma300m { get; } = new()
    {
        Architecture = SyntheticArchitecture.GemmaEmbedding,
        Name = "synthetic-embeddinggemma-300m",
        EmbeddingLength = 768,
        LayerCount = 24,
        HeadCount = 3,
        HeadCountKv = 1,
        HeadDim = 256,
        FeedForwardLength = 1152,
        ContextLength = 2048,
        SlidingWindow = 512,
        DenseFeatures = 3072,
        PoolingType = SyntheticPoolingType.Mean,
        Vocabulary = new SyntheticVocabularyOptions { Size = 262_144 },
        EmbeddingMetadata = SyntheticEmbeddingMetadata.EmbeddingGemma(768),
    };

    /// <summary>
    /// Gemma-3-1B: gemma3, E=1152, 26 layers, 4 heads (1 KV) of 256, F=6912, context 32768, 262,144 tokens,
    /// sliding window 512, rope 1e6/1e4, tied LM head, F16.
    /// </summary>
    [SuppressMessage("Naming", "CA1707", Justification = "The model's own version name reads 1B / 0.5B.")]
    public static SyntheticModelSpec Gemma3_1B { get; } = new()
    {
        Architecture = SyntheticArchitecture.Gemma3,
        Name = "synthetic-gemma-3-1b",
        EmbeddingLength = 1152,
        LayerCount = 26,
        HeadCount = 4,
        HeadCountKv = 1,
        HeadDim = 256,
        FeedForwardLength = 6912,
        ContextLength = 32768,
        SlidingWindow = 512,
        Vocabulary = new SyntheticVocabularyOptions { Size = 262_144 },
    };

    /// <summary>
    /// Qwen2.5-0.5B (rank1-0.5b's base): qwen2, E=896, 24 layers, 14 heads (2 KV) of 64, F=4864, context 32768,
    /// 151,936 tokens (specials and think tokens at their real ids), rope 1e6, q/k/v biases, tied LM head, F16.
    /// </summary>
    [SuppressMessage("Naming", "CA1707", Justification = "The model's own version name reads 1B / 0.5B.")]
    public static SyntheticModelSpec Qwen25_05B { get; } = new()
    {
        Architecture = SyntheticArchitecture.Qwen2,
        Name = "synthetic-qwen2.5-0.5b",
        EmbeddingLength = 896,
        LayerCount = 24,
        HeadCount = 14,
        HeadCountKv = 2,
        HeadDim = 64,
        FeedForwardLength = 4864,
        ContextLength = 32768,
        Vocabulary = new SyntheticVocabularyOptions { Size = 151_936 },
    };

    /// <summary>
    /// A tiny model of <paramref name="architecture"/> in F32 (E=64, 6 layers so Gemma has five sliding-window
    /// layers and one global, 2 heads / 1 KV head of 32, F=128, context 512, sliding window 8, natural vocabulary of
    /// about 4,700–4,900 tokens). gemma-embedding gets mean pooling, Dense 64→128→64, add_eos and EmbeddingGemma's
    /// <c>llamaembed.*</c> keys; both Gemma vocabularies carry the three prefix tokens at ids 4–6; gemma3 has a tied
    /// head; qwen2 q/k/v biases and a tied head; llama an untied head.
    /// </summary>
    public static SyntheticModelSpec Tiny(SyntheticArchitecture architecture, ulong seed = 1) => architecture switch
    {
        SyntheticArchitecture.GemmaEmbedding => TinyBase(architecture, seed) with
        {
            DenseFeatures = 128,
            PoolingType = SyntheticPoolingType.Mean,
            Vocabulary = new SyntheticVocabularyOptions { IncludePrefixTokens = true },
            EmbeddingMetadata = SyntheticEmbeddingMetadata.EmbeddingGemma(64),
        },
        SyntheticArchitecture.Gemma3 => TinyBase(architecture, seed) with
        {
            Vocabulary = new SyntheticVocabularyOptions { IncludePrefixTokens = true },
        },
        SyntheticArchitecture.Qwen2 => TinyBase(architecture, seed) with { RopeFreqBase = 1_000_000f },
        SyntheticArchitecture.Llama => TinyBase(architecture, seed) with { RopeFreqBase = 500_000f, RmsEpsilon = 1e-5f, TiedOutput = false },
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture."),
    };

    private static SyntheticModelSpec TinyBase(SyntheticArchitecture architecture, ulong seed) => new()
    {
        Architecture = architecture,
        Name = $"synthetic-tiny-{architecture.GgufName()}",
        EmbeddingLength = 64,
        LayerCount = 6,
        HeadCount = 2,
        HeadCountKv = 1,
        HeadDim = 32,
        FeedForwardLength = 128,
        ContextLength = 512,
        SlidingWindow = 8,
        WeightType = GgmlType.F32,
        Seed = seed,
    };
}

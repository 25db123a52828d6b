namespace LlamaEmbed.Embeddings.Engine;

/// <summary>
/// Derives the tokens per <c>llama_decode</c> call from a memory budget. Every llama.cpp context keeps a logits
/// buffer of <c>n_vocab</c> floats per token of its largest call, even for embedding-only models, plus compute
/// buffers that grow with the call; this is by far the largest per-context cost.
/// </summary>
internal static class TokenBudget
{
    /// <summary>The default memory budget for all contexts together: 1 GiB.</summary>
    public const long DefaultMemoryBudgetBytes = 1L << 30;

    /// <summary>The smallest budget the derivation returns, so short texts still batch.</summary>
    public const int MinimumTokens = 64;

    /// <summary>The largest derived budget: beyond it batching gains nothing on CPU and attention scratch grows with its square.</summary>
    public const int MaximumTokens = 4096;

    /// <summary>
    /// Scratch floats per token per unit of embedding width (activations, attention rows, pooled and Dense outputs),
    /// on top of the logits row.
    /// </summary>
    /// <remarks>
    /// Calibrated on EmbeddingGemma-300m's shape (E = 768, 262,144 tokens, F16, CPU): process RSS after one full call
    /// was 840, 1208 and 1748 MiB at 128, 512 and 1024 tokens per call, a slope of 0.96–1.05 MiB per token, of which
    /// the logits row is 1.0 MiB. 16 × 768 floats (48 KiB) covers the rest.
    /// </remarks>
    public const int ScratchFloatsPerEmbeddingUnit = 16;

    /// <summary>The bytes one token of call size costs a context: its logits row plus compute scratch.</summary>
    public static long BytesPerToken(int vocabularySize, int embeddingLength) =>
        4L * vocabularySize + 4L * ScratchFloatsPerEmbeddingUnit * embeddingLength;

    /// <summary>The tokens per call that fit <paramref name="memoryBudgetBytes"/> shared by <paramref name="contexts"/> contexts, between <see cref="MinimumTokens"/> and <paramref name="ceiling"/>.</summary>
    public static int FromMemory(long memoryBudgetBytes, int contexts, int vocabularySize, int embeddingLength, int ceiling)
    {
        long perContext = memoryBudgetBytes / Math.Max(1, contexts);
        long tokens = perContext / BytesPerToken(vocabularySize, embeddingLength);
        int upper = Math.Max(MinimumTokens, Math.Min(ceiling, MaximumTokens));
        return (int)Math.Clamp(tokens, MinimumTokens, upper);
    }
}

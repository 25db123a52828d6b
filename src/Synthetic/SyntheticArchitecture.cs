namespace LlamaEmbed.Synthetic;

/// <summary>The llama.cpp architectures the builder writes, each in its exact tensor layout.</summary>
public enum SyntheticArchitecture
{
    /// <summary><c>gemma-embedding</c> (EmbeddingGemma): bidirectional, symmetric sliding window, optional Dense layers.</summary>
    GemmaEmbedding,

    /// <summary><c>gemma3</c> (Gemma-3 decoders and embedders built on them): KV cache, LM head, optional causal=false.</summary>
    Gemma3,

    /// <summary><c>qwen2</c> (Qwen2.5 bases and rank1): byte-level BPE, q/k/v biases.</summary>
    Qwen2,

    /// <summary><c>llama</c> (Llama-3.1 style): byte-level BPE with the <c>llama-bpe</c> pre-tokenizer.</summary>
    Llama,
}

/// <summary>Names and family facts of <see cref="SyntheticArchitecture"/>.</summary>
public static class SyntheticArchitectures
{
    /// <summary>The <c>general.architecture</c> string, which also prefixes every architecture key.</summary>
    public static string GgufName(this SyntheticArchitecture architecture) => architecture switch
    {
        SyntheticArchitecture.GemmaEmbedding => "gemma-embedding",
        SyntheticArchitecture.Gemma3 => "gemma3",
        SyntheticArchitecture.Qwen2 => "qwen2",
        SyntheticArchitecture.Llama => "llama",
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture."),
    };

    /// <summary>True for the Gemma family (SPM vocabulary, Gemma block with q/k norms and post norms).</summary>
    public static bool IsGemma(this SyntheticArchitecture architecture) =>
        architecture is SyntheticArchitecture.GemmaEmbedding or SyntheticArchitecture.Gemma3;
}

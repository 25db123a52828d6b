namespace LlamaEmbed.Synthetic.Reference;

/// <summary>The two llama.cpp architectures the reference forward pass implements.</summary>
public enum GemmaReferenceArchitecture
{
    /// <summary><c>gemma-embedding</c> (EmbeddingGemma): always bidirectional, symmetric sliding window, optional Dense layers.</summary>
    GemmaEmbedding,

    /// <summary><c>gemma3</c> (Gemma-3 decoders): causal unless told otherwise, one-sided sliding window, no Dense layers.</summary>
    Gemma3,
}

/// <summary>How a sliding-window (local) layer limits which keys a query sees; llama.cpp's <c>llama_swa_type</c>.</summary>
public enum GemmaSlidingWindowKind
{
    /// <summary>No sliding window: every layer is global.</summary>
    None,

    /// <summary>
    /// <c>LLAMA_SWA_TYPE_SYMMETRIC</c> (gemma-embedding): a query at position p sees keys k with |p − k| ≤ window / 2
    /// (integer division).
    /// </summary>
    Symmetric,

    /// <summary>
    /// <c>LLAMA_SWA_TYPE_STANDARD</c> (gemma3): a key is hidden when it lies window or more positions before the query.
    /// Keys after the query are never clipped by the window, even in non-causal mode.
    /// </summary>
    Standard,
}

/// <summary>How per-token hidden states become one vector per text, as llama.cpp pools a whole sequence.</summary>
public enum GemmaReferencePooling
{
    /// <summary>The average over every token fed, BOS and EOS included (<c>LLAMA_POOLING_TYPE_MEAN</c>).</summary>
    Mean,

    /// <summary>The first token's state (<c>LLAMA_POOLING_TYPE_CLS</c>).</summary>
    Cls,

    /// <summary>The last token's state (<c>LLAMA_POOLING_TYPE_LAST</c>).</summary>
    Last,
}

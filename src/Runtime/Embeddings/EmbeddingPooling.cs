namespace LlamaEmbed.Embeddings;

/// <summary>How per-token states become one vector per text (sentence-transformers' Pooling module).</summary>
public enum EmbeddingPooling
{
    /// <summary>The average of the token states (all tokens, or only those after the prompt when the prompt is excluded).</summary>
    Mean = 1,

    /// <summary>The state of the first token (BOS on Gemma vocabularies).</summary>
    Cls = 2,

    /// <summary>The state of the last token (EOS when the vocabulary appends one); the usual choice for causal models.</summary>
    Last = 3,
}

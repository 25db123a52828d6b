namespace LlamaEmbed.Embeddings;

/// <summary>
/// The model families LlamaEmbed knows. A profile decides the prompts or prefix tokens, the default pooling and
/// normalization, and any projection head; it is picked from the GGUF metadata and can be overridden with
/// <see cref="EmbeddingModelOptions.Profile"/>.
/// </summary>
public enum EmbeddingProfileKind
{
    /// <summary>Any other embedding model: prompts only from the file's <c>llamaembed.*</c> keys, pooling from the file.</summary>
    Generic = 0,

    /// <summary>google/embeddinggemma-300m and fine-tunes: task prompts (<c>task: … | query: </c>, <c>title: … | text: </c>), mean pooling, Dense layers, Matryoshka 768/512/256/128.</summary>
    EmbeddingGemma = 1,

    /// <summary>Tarka-Embedding-150M: EmbeddingGemma's shape and task prompts with a smaller vocabulary.</summary>
    Tarka = 2,

    /// <summary>
    /// Rank-Embed-1B (Gemma-3-1B): mean pooling and the single-token prefixes <c>&lt;|query_token|&gt;</c>,
    /// <c>&lt;|document_token|&gt;</c> and <c>&lt;|passage_token|&gt;</c> followed by a space and the text.
    /// </summary>
    RankEmbed = 3,

    /// <summary>Gemma-Embed (Gemma-3-1B with a merged LoRA): mean pooling, then a projection head to 256 dimensions.</summary>
    GemmaEmbed = 4,
}

namespace LlamaEmbed.Embeddings;

/// <summary>How two vectors are compared.</summary>
public enum SimilarityMetric
{
    /// <summary>Cosine similarity; for L2-normalized vectors it equals the dot product.</summary>
    Cosine = 0,

    /// <summary>The plain dot product.</summary>
    Dot = 1,
}

namespace LlamaEmbed.Synthetic;

/// <summary>Values of the <c>{arch}.pooling_type</c> key (llama.cpp's <c>llama_pooling_type</c>).</summary>
public enum SyntheticPoolingType
{
    /// <summary>No pooling: per-token embeddings.</summary>
    None = 0,

    /// <summary>Average over the sequence's tokens.</summary>
    Mean = 1,

    /// <summary>The first token.</summary>
    Cls = 2,

    /// <summary>The last token.</summary>
    Last = 3,

    /// <summary>Reranker head (useless on qwen2, see the notes §3.3).</summary>
    Rank = 4,
}

namespace LlamaEmbed.Cli.Infrastructure;

/// <summary>How <c>llamaembed embed</c> prints vectors.</summary>
internal enum EmbeddingOutputFormat
{
    /// <summary>One JSON object in the OpenAI embeddings response shape.</summary>
    Json,

    /// <summary>One JSON object per text and line: index, embedding, tokens, truncated.</summary>
    Jsonl,

    /// <summary>A header, then one row per text: index, tokens, truncated, then the values.</summary>
    Csv,
}

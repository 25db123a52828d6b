namespace LlamaEmbed.Embeddings;

/// <summary>One search result: the document's position and its similarity to the query.</summary>
/// <param name="Index">The document's position in the searched collection.</param>
/// <param name="Score">The similarity; higher is closer.</param>
public readonly record struct SearchHit(int Index, float Score);

namespace LlamaEmbed.Embeddings.Engine;

/// <summary>One tokenized text waiting in the queue, with the request it belongs to and its position there.</summary>
/// <param name="Request">The request that receives the vector.</param>
/// <param name="Index">The text's position in the request.</param>
/// <param name="Tokens">The token ids to feed.</param>
internal sealed record PendingText(EmbeddingRequest Request, int Index, TokenizedText Tokens);

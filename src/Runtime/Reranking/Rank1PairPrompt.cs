namespace LlamaEmbed.Reranking;

/// <summary>One (query, passage) pair ready to run: its prompt token ids, ending with the <c>&lt;think&gt;</c> id.</summary>
/// <param name="Index">The passage's position in the request.</param>
/// <param name="Tokens">The prompt token ids (no BOS).</param>
/// <param name="Truncated">True when the passage was cut to fit the context.</param>
internal sealed record Rank1PairPrompt(int Index, int[] Tokens, bool Truncated);

namespace LlamaEmbed.Embeddings.Profiles;

/// <summary>
/// A named prompt: text tokenized together with the user's text (sentence-transformers style), optionally after a
/// prefix token inserted by id (Rank-Embed's <c>&lt;|query_token|&gt;</c>).
/// </summary>
/// <param name="Name">The prompt name, e.g. <c>query</c> or <c>STS</c>.</param>
/// <param name="Text">The text prepended to the user's text; may be empty.</param>
/// <param name="PrefixToken">The text of a special token inserted as one id after BOS, or null.</param>
internal sealed record PromptDefinition(string Name, string Text, string? PrefixToken = null)
{
    /// <summary>How the prompt reads in front of a text, for display.</summary>
    public string Display => PrefixToken is null ? Text : PrefixToken + Text;
}

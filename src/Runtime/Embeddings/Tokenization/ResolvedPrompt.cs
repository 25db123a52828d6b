namespace LlamaEmbed.Embeddings.Tokenization;

/// <summary>A prompt ready for tokenization: the text to prepend and the id of a prefix token (or -1).</summary>
/// <param name="Text">Prepended to the user's text and tokenized with it.</param>
/// <param name="PrefixTokenId">A special token inserted by id after BOS, or -1.</param>
internal sealed record ResolvedPrompt(string Text, int PrefixTokenId)
{
    /// <summary>No prompt.</summary>
    public static ResolvedPrompt Empty { get; } = new(string.Empty, -1);
}

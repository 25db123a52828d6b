namespace LlamaEmbed.Embeddings;

/// <summary>The exact token ids the embedder feeds for one text: BOS, prefix token, prompt, text and EOS.</summary>
public sealed class TokenizedText
{
    private readonly int[] _ids;

    internal TokenizedText(int[] ids, int promptTokenCount, bool truncated)
    {
        _ids = ids;
        PromptTokenCount = promptTokenCount;
        Truncated = truncated;
    }

    /// <summary>The token ids, in order.</summary>
    public IReadOnlyList<int> Ids => _ids;

    /// <summary>The number of tokens.</summary>
    public int Count => _ids.Length;

    /// <summary>
    /// The leading tokens that belong to the prompt (BOS, prefix token and the prompt tokenized alone, as
    /// sentence-transformers counts them); mean pooling leaves them out when the prompt is excluded.
    /// </summary>
    public int PromptTokenCount { get; }

    /// <summary>Whether the text was cut to fit <see cref="EmbeddingModelInfo.MaxTokens"/>.</summary>
    public bool Truncated { get; }

    /// <summary>The ids as a span, without copying.</summary>
    internal ReadOnlySpan<int> Span => _ids;
}

namespace LlamaEmbed.Embeddings;

/// <summary>A text needs more tokens than the model accepts per text and truncation was turned off (<see cref="EmbedOptions.Truncate"/>).</summary>
public sealed class TextTooLongException : ArgumentException
{
    /// <summary>Creates the exception for the text at <paramref name="textIndex"/>.</summary>
    /// <param name="textIndex">The position of the text in the request.</param>
    /// <param name="tokenCount">The tokens the text needs, BOS, prompt and EOS included.</param>
    /// <param name="maxTokens">The most tokens one text may have.</param>
    public TextTooLongException(int textIndex, int tokenCount, int maxTokens)
        : base($"Text {textIndex} needs {tokenCount} tokens (prompt, BOS and EOS included) but the model accepts at most {maxTokens} per text. " +
               "Turn truncation on, shorten the text, or raise EmbeddingModelOptions.ContextSize and the token budget.", "texts")
    {
        TextIndex = textIndex;
        TokenCount = tokenCount;
        MaxTokens = maxTokens;
    }

    /// <summary>The position of the text in the request.</summary>
    public int TextIndex { get; }

    /// <summary>The tokens the text needs.</summary>
    public int TokenCount { get; }

    /// <summary>The most tokens one text may have (<see cref="EmbeddingModelInfo.MaxTokens"/>).</summary>
    public int MaxTokens { get; }
}

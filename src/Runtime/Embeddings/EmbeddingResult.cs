namespace LlamaEmbed.Embeddings;

/// <summary>One text's embedding, with what the model actually saw of it.</summary>
public sealed class EmbeddingResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="vector">The embedding.</param>
    /// <param name="tokenCount">The tokens fed to the model (prompt, prefix token, BOS and EOS included).</param>
    /// <param name="truncated">Whether the text was cut to fit the model's limit.</param>
    public EmbeddingResult(ReadOnlyMemory<float> vector, int tokenCount, bool truncated)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokenCount);
        Vector = vector;
        TokenCount = tokenCount;
        Truncated = truncated;
    }

    /// <summary>The embedding: L2-normalized unless normalization was turned off, and truncated to the requested dimensions.</summary>
    public ReadOnlyMemory<float> Vector { get; }

    /// <summary>The number of floats in <see cref="Vector"/>.</summary>
    public int Dimensions => Vector.Length;

    /// <summary>The tokens fed to the model for this text: BOS, prefix token, prompt, text and EOS, after truncation.</summary>
    public int TokenCount { get; }

    /// <summary>True when the text was longer than <see cref="EmbeddingModelInfo.MaxTokens"/> and its end was cut off.</summary>
    public bool Truncated { get; }
}

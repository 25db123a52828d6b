namespace LlamaEmbed.Embeddings;

/// <summary>Per-request settings: output size, normalization and truncation.</summary>
public sealed record EmbedOptions
{
    /// <summary>The default settings: full size, the model's normalization, truncation on.</summary>
    public static EmbedOptions Default { get; } = new();

    /// <summary>
    /// Matryoshka truncation: keep the first <c>Dimensions</c> values (1 to <see cref="EmbeddingModelInfo.Dimensions"/>)
    /// and re-normalize.
    /// </summary>
    /// <remarks>
    /// By default, null: the model's full size. Any size from 1 up works mechanically, but quality holds only at the
    /// sizes the model was trained for (<see cref="EmbeddingModelInfo.MatryoshkaDimensions"/>, e.g. 512, 256 and 128
    /// for EmbeddingGemma).
    /// </remarks>
    public int? Dimensions { get; init; }

    /// <summary>Whether vectors are L2-normalized (after any Matryoshka truncation).</summary>
    /// <remarks>By default, null: the model's setting (<see cref="EmbeddingModelInfo.Normalize"/>), which is true for every known profile.</remarks>
    public bool? Normalize { get; init; }

    /// <summary>Whether a text longer than <see cref="EmbeddingModelInfo.MaxTokens"/> is cut to fit (keeping BOS, prompt and EOS) instead of failing.</summary>
    /// <remarks>
    /// By default, true, as sentence-transformers does; <see cref="EmbeddingResult.Truncated"/> reports it. With
    /// false, a too-long text raises <see cref="TextTooLongException"/> before anything is queued.
    /// </remarks>
    public bool Truncate { get; init; } = true;
}

using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// Our own <c>llamaembed.*</c> keys (<see cref="LlamaEmbedKeys"/>) to write into a synthetic model, so the runtime
/// picks a profile, prompts, prefix tokens and pooling from the file exactly as it would from a converted model.
/// Null properties are not written.
/// </summary>
public sealed record SyntheticEmbeddingMetadata
{
    /// <summary>The profile, one of <see cref="LlamaEmbedKeys.Profiles"/>.</summary>
    public string? Profile { get; init; }

    /// <summary>Named prompts in order (name → text), written as the parallel prompt name and text arrays.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Prompts { get; init; }

    /// <summary>The prompt used when the caller names none.</summary>
    public string? DefaultPrompt { get; init; }

    /// <summary>
    /// True to write the three prefix-token keys (<c>&lt;|query_token|&gt;</c>, <c>&lt;|document_token|&gt;</c>,
    /// <c>&lt;|passage_token|&gt;</c>). The vocabulary must then contain them
    /// (<see cref="SyntheticVocabularyOptions.IncludePrefixTokens"/>).
    /// </summary>
    public bool PrefixTokens { get; init; }

    /// <summary>Pooling: <c>mean</c>, <c>cls</c> or <c>last</c>.</summary>
    public string? Pooling { get; init; }

    /// <summary>Whether mean pooling includes prompt tokens.</summary>
    public bool? IncludePrompt { get; init; }

    /// <summary>Whether the runtime L2-normalizes vectors.</summary>
    public bool? Normalize { get; init; }

    /// <summary>The size of the vectors the model produces.</summary>
    public uint? Dimensions { get; init; }

    /// <summary>Matryoshka sizes, largest first.</summary>
    public IReadOnlyList<uint>? MatryoshkaDimensions { get; init; }

    /// <summary>The similarity function, <c>cosine</c> or <c>dot</c>.</summary>
    public string? Similarity { get; init; }

    /// <summary>EmbeddingGemma's settings: its profile, task prompts, mean pooling with the prompt, normalization, 768 → 128 Matryoshka.</summary>
    public static SyntheticEmbeddingMetadata EmbeddingGemma(uint dimensions) => new()
    {
        Profile = LlamaEmbedKeys.Profiles.EmbeddingGemma,
        Prompts =
        [
            new("query", "task: search result | query: "),
            new("document", "title: none | text: "),
            new("Classification", "task: classification | query: "),
            new("Clustering", "task: clustering | query: "),
            new("STS", "task: sentence similarity | query: "),
        ],
        Pooling = "mean",
        IncludePrompt = true,
        Normalize = true,
        Dimensions = dimensions,
        MatryoshkaDimensions = [.. new uint[] { dimensions, 512, 256, 128 }.Where(d => d <= dimensions).Distinct()],
        Similarity = "cosine",
    };

    /// <summary>Writes the non-null properties into <paramref name="metadata"/>.</summary>
    internal void WriteTo(GgufMetadata metadata)
    {
        if (Profile is not null)
        {
            metadata.Add(LlamaEmbedKeys.Profile, GgufValue.String(Profile));
        }
        if (Prompts is { Count: > 0 })
        {
            metadata.Add(LlamaEmbedKeys.PromptNames, GgufValue.Array(Prompts.Select(p => p.Key).ToArray()));
            metadata.Add(LlamaEmbedKeys.PromptTexts, GgufValue.Array(Prompts.Select(p => p.Value).ToArray()));
        }
        if (DefaultPrompt is not null)
        {
            metadata.Add(LlamaEmbedKeys.DefaultPrompt, GgufValue.String(DefaultPrompt));
        }
        if (PrefixTokens)
        {
            metadata.Add(LlamaEmbedKeys.QueryPrefixToken, GgufValue.String(SpecialTokenTexts.QueryPrefix));
            metadata.Add(LlamaEmbedKeys.DocumentPrefixToken, GgufValue.String(SpecialTokenTexts.DocumentPrefix));
            metadata.Add(LlamaEmbedKeys.PassagePrefixToken, GgufValue.String(SpecialTokenTexts.PassagePrefix));
        }
        if (Pooling is not null)
        {
            metadata.Add(LlamaEmbedKeys.Pooling, GgufValue.String(Pooling));
        }
        if (IncludePrompt is bool includePrompt)
        {
            metadata.Add(LlamaEmbedKeys.IncludePrompt, GgufValue.Bool(includePrompt));
        }
        if (Normalize is bool normalize)
        {
            metadata.Add(LlamaEmbedKeys.Normalize, GgufValue.Bool(normalize));
        }
        if (Dimensions is uint dimensions)
        {
            metadata.Add(LlamaEmbedKeys.Dimensions, GgufValue.UInt32(dimensions));
        }
        if (MatryoshkaDimensions is { Count: > 0 })
        {
            metadata.Add(LlamaEmbedKeys.MatryoshkaDimensions, GgufValue.Array(MatryoshkaDimensions.ToArray()));
        }
        if (Similarity is not null)
        {
            metadata.Add(LlamaEmbedKeys.Similarity, GgufValue.String(Similarity));
        }
    }
}

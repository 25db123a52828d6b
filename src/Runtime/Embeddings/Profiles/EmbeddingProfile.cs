namespace LlamaEmbed.Embeddings.Profiles;

/// <summary>What a profile decides: prompts and their roles, pooling, normalization and whether a projection head is required.</summary>
internal sealed record EmbeddingProfile
{
    /// <summary>The family.</summary>
    public required EmbeddingProfileKind Kind { get; init; }

    /// <summary>The prompts in display order; names are unique.</summary>
    public required IReadOnlyList<PromptDefinition> Prompts { get; init; }

    /// <summary>The prompt used for queries, or null for none.</summary>
    public string? QueryPromptName { get; init; }

    /// <summary>The prompt used for documents, or null for none.</summary>
    public string? DocumentPromptName { get; init; }

    /// <summary>The prompt used when the caller names none, or null for none.</summary>
    public string? DefaultPromptName { get; init; }

    /// <summary>Pooling when the file does not say; null = decide from the attention (mean for bidirectional, last for causal).</summary>
    public EmbeddingPooling? Pooling { get; init; }

    /// <summary>Whether mean pooling includes the prompt tokens.</summary>
    public bool IncludePrompt { get; init; } = true;

    /// <summary>Whether vectors are L2-normalized by default.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Whether the file must carry a projection head (<c>llamaembed.projection.*</c>).</summary>
    public bool RequiresProjection { get; init; }

    /// <summary>Finds a prompt: exact name first, then ignoring case, spaces, hyphens and underscores.</summary>
    public PromptDefinition? FindPrompt(string name)
    {
        foreach (PromptDefinition prompt in Prompts)
        {
            if (string.Equals(prompt.Name, name, StringComparison.Ordinal))
            {
                return prompt;
            }
        }
        string key = Canonical(name);
        foreach (PromptDefinition prompt in Prompts)
        {
            if (string.Equals(Canonical(prompt.Name), key, StringComparison.Ordinal))
            {
                return prompt;
            }
        }
        return null;
    }

    private static string Canonical(string name) =>
        string.Concat(name.Where(c => c is not (' ' or '-' or '_')).Select(char.ToLowerInvariant));
}

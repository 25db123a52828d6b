using LlamaEmbed.Gguf;

namespace LlamaEmbed.Embeddings.Profiles;

/// <summary>
/// Picks a model's profile: the caller's override, then our <c>llamaembed.profile</c> key, then the architecture and
/// <c>general.name</c>; and refuses rerankers, which this runtime cannot embed with.
/// </summary>
internal static class ProfileSelector
{
    /// <summary>Selects the profile for <paramref name="file"/> and merges the file's prompts and prefix tokens into it.</summary>
    /// <exception cref="LlamaModelLoadException">The file is a reranker, names an unknown profile, or lacks what its profile needs.</exception>
    public static EmbeddingProfile Select(EmbeddingModelFile file, string path, EmbeddingProfileKind? requested)
    {
        ThrowIfReranker(file, path, requested);
        EmbeddingProfileKind kind = requested ?? FromKey(file, path) ?? FromArchitectureAndName(file);
        EmbeddingProfile profile = BuiltInProfiles.For(kind);
        if (profile.RequiresProjection && file.Projection is null)
        {
            throw new LlamaModelLoadException(path,
                $"'{path}' is a Gemma-Embed model but has no projection head ({LlamaEmbedKeys.ProjectionWeight}/{LlamaEmbedKeys.ProjectionShape}); without it the vectors would not be Gemma-Embed's 256-d space. Re-convert the model with its projection head.",
                []);
        }
        return Merge(profile, file);
    }

    private static void ThrowIfReranker(EmbeddingModelFile file, string path, EmbeddingProfileKind? requested)
    {
        bool rank1 = string.Equals(file.ProfileKey, LlamaEmbedKeys.Profiles.Rank1, StringComparison.OrdinalIgnoreCase);
        bool decoderArchitecture = file.Architecture is "qwen2" or "llama" && requested is null && file.ProfileKey is null;
        if (rank1 || decoderArchitecture)
        {
            throw new LlamaModelLoadException(path,
                $"'{path}' is a rank1 reranker ({file.Architecture}), not an embedding model; score query–document pairs with LlamaEmbed.Reranking (llamaembed rerank) instead of EmbeddingModel.",
                []);
        }
        if (file.RankPooling)
        {
            throw new LlamaModelLoadException(path,
                $"'{path}' is a cross-encoder reranker ({file.Architecture}.pooling_type = RANK), not an embedding model; it scores pairs and cannot embed single texts.",
                []);
        }
    }

    private static EmbeddingProfileKind? FromKey(EmbeddingModelFile file, string path) => file.ProfileKey?.Trim().ToLowerInvariant() switch
    {
        null => null,
        LlamaEmbedKeys.Profiles.EmbeddingGemma => EmbeddingProfileKind.EmbeddingGemma,
        LlamaEmbedKeys.Profiles.Tarka => EmbeddingProfileKind.Tarka,
        LlamaEmbedKeys.Profiles.RankEmbed => EmbeddingProfileKind.RankEmbed,
        LlamaEmbedKeys.Profiles.GemmaEmbed => EmbeddingProfileKind.GemmaEmbed,
        LlamaEmbedKeys.Profiles.Generic => EmbeddingProfileKind.Generic,
        _ => throw new LlamaModelLoadException(path,
            $"'{path}' names an unknown profile '{file.ProfileKey}' in {LlamaEmbedKeys.Profile}. Known profiles: {string.Join(", ", KnownKeys)}; or set EmbeddingModelOptions.Profile.",
            []),
    };

    private static IEnumerable<string> KnownKeys =>
    [
        LlamaEmbedKeys.Profiles.EmbeddingGemma, LlamaEmbedKeys.Profiles.Tarka, LlamaEmbedKeys.Profiles.RankEmbed,
        LlamaEmbedKeys.Profiles.GemmaEmbed, LlamaEmbedKeys.Profiles.Generic,
    ];

    private static EmbeddingProfileKind FromArchitectureAndName(EmbeddingModelFile file)
    {
        string name = file.Name.ToLowerInvariant();
        if (name.Contains("tarka", StringComparison.Ordinal))
        {
            return EmbeddingProfileKind.Tarka;
        }
        if (name.Contains("rank-embed", StringComparison.Ordinal) || name.Contains("rankembed", StringComparison.Ordinal))
        {
            return EmbeddingProfileKind.RankEmbed;
        }
        if (name.Contains("gemma-embed", StringComparison.Ordinal) && !name.Contains("embedding", StringComparison.Ordinal))
        {
            return EmbeddingProfileKind.GemmaEmbed;
        }
        if (file.Architecture == "gemma-embedding" || name.Contains("embeddinggemma", StringComparison.Ordinal))
        {
            return EmbeddingProfileKind.EmbeddingGemma;
        }
        return EmbeddingProfileKind.Generic;
    }

    /// <summary>The file's prompts override the profile's built-ins of the same name and add new ones; its prefix tokens replace the defaults.</summary>
    private static EmbeddingProfile Merge(EmbeddingProfile profile, EmbeddingModelFile file)
    {
        var prompts = new List<PromptDefinition>();
        foreach (PromptDefinition builtIn in profile.Prompts)
        {
            PromptDefinition? own = file.Prompts.FirstOrDefault(p => string.Equals(p.Name, builtIn.Name, StringComparison.Ordinal));
            string? prefix = builtIn.PrefixToken switch
            {
                BuiltInProfiles.QueryToken => file.QueryPrefixToken ?? builtIn.PrefixToken,
                BuiltInProfiles.DocumentToken => file.DocumentPrefixToken ?? builtIn.PrefixToken,
                BuiltInProfiles.PassageToken => file.PassagePrefixToken ?? builtIn.PrefixToken,
                _ => builtIn.PrefixToken,
            };
            prompts.Add(own is null ? builtIn with { PrefixToken = prefix } : own with { PrefixToken = prefix });
        }
        foreach (PromptDefinition own in file.Prompts)
        {
            if (!prompts.Any(p => string.Equals(p.Name, own.Name, StringComparison.Ordinal)))
            {
                prompts.Add(own);
            }
        }
        bool hasQuery = prompts.Any(p => p.Name == "query");
        bool hasDocument = prompts.Any(p => p.Name == "document");
        return profile with
        {
            Prompts = prompts,
            QueryPromptName = profile.QueryPromptName ?? (hasQuery ? "query" : null),
            DocumentPromptName = profile.DocumentPromptName ?? (hasDocument ? "document" : null),
            DefaultPromptName = file.DefaultPrompt is { Length: > 0 } d ? d : profile.DefaultPromptName,
            Pooling = file.Pooling ?? profile.Pooling,
            IncludePrompt = file.IncludePrompt ?? profile.IncludePrompt,
            Normalize = file.Normalize ?? profile.Normalize,
        };
    }
}

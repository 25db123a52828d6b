using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// Our own <c>llamaembed.*</c> keys (<see cref="LlamaEmbedKeys"/>): what the embedding runtime needs to use the file
/// without the checkpoint beside it — profile, prompts, prefix tokens, pooling, normalization, output size and a
/// projection head that llama.cpp cannot hold as a tensor.
/// </summary>
internal static class LlamaEmbedMetadata
{
    /// <summary>EmbeddingGemma's Matryoshka sizes, from its model card (768 truncates to 512, 256 or 128).</summary>
    private static readonly uint[] s_embeddingGemmaMatryoshka = [768, 512, 256, 128];

    private static readonly (string Text, string Key)[] s_prefixTokens =
    [
        ("<|query_token|>", LlamaEmbedKeys.QueryPrefixToken),
        ("<|document_token|>", LlamaEmbedKeys.DocumentPrefixToken),
        ("<|passage_token|>", LlamaEmbedKeys.PassagePrefixToken),
    ];

    /// <summary>The pooling the file records: the override, else the sentence-transformers Pooling module.</summary>
    /// <exception cref="ArgumentException">The override is not mean, cls, last or none.</exception>
    public static string? Pooling(ConversionContext context) => context.Options.Pooling switch
    {
        null => context.Checkpoint.SentenceTransformers.Pooling,
        "mean" or "cls" or "last" or "none" => context.Options.Pooling,
        string other => throw new ArgumentException($"--pooling {other}: expected mean, cls, last or none."),
    };

    /// <summary>The profile: the override, else inferred from the architecture, tokenizer, adapter and prefix tokens.</summary>
    public static string Profile(ConversionContext context, string architecture, ProjectionHead? head)
    {
        if (context.Options.Profile is string profile)
        {
            return profile;
        }
        return architecture switch
        {
            "qwen2" or "llama" => LlamaEmbedKeys.Profiles.Rank1,
            "gemma-embedding" => context.Vocabulary.Model == "llama" ? LlamaEmbedKeys.Profiles.EmbeddingGemma : LlamaEmbedKeys.Profiles.Tarka,
            _ when context.Adapter is not null || head is not null => LlamaEmbedKeys.Profiles.GemmaEmbed,
            _ when s_prefixTokens.Any(p => context.Vocabulary.IdOf(p.Text) >= 0) => LlamaEmbedKeys.Profiles.RankEmbed,
            _ => LlamaEmbedKeys.Profiles.Generic,
        };
    }

    /// <summary>Adds the keys to <paramref name="metadata"/> and returns the profile written.</summary>
    public static string Write(ConversionContext context, string architecture, ProjectionHead? head, GgufMetadata metadata)
    {
        SentenceTransformersInfo st = context.Checkpoint.SentenceTransformers;
        string profile = Profile(context, architecture, head);
        metadata.Set(LlamaEmbedKeys.Profile, GgufValue.String(profile));
        metadata.Set(LlamaEmbedKeys.Source, GgufValue.String(Path.GetFileName(context.Checkpoint.Directory.TrimEnd(Path.DirectorySeparatorChar))));
        if (st.Prompts.Count > 0)
        {
            metadata.Set(LlamaEmbedKeys.PromptNames, GgufValue.Array(st.Prompts.Select(p => p.Key).ToArray()));
            metadata.Set(LlamaEmbedKeys.PromptTexts, GgufValue.Array(st.Prompts.Select(p => p.Value).ToArray()));
        }
        if (st.DefaultPrompt is string defaultPrompt)
        {
            metadata.Set(LlamaEmbedKeys.DefaultPrompt, GgufValue.String(defaultPrompt));
        }
        if (st.Similarity is string similarity)
        {
            metadata.Set(LlamaEmbedKeys.Similarity, GgufValue.String(similarity));
        }
        foreach (var (text, key) in s_prefixTokens)
        {
            if (context.Vocabulary.IdOf(text) >= 0)
            {
                metadata.Set(key, GgufValue.String(text));
            }
        }
        if (Pooling(context) is string pooling)
        {
            metadata.Set(LlamaEmbedKeys.Pooling, GgufValue.String(pooling));
        }
        if (st.Pooling is not null)
        {
            metadata.Set(LlamaEmbedKeys.IncludePrompt, GgufValue.Bool(st.IncludePrompt));
        }
        if (profile == LlamaEmbedKeys.Profiles.Rank1)
        {
            return profile;
        }
        bool? normalize = st.IsSentenceTransformers ? st.Normalize
            : profile is LlamaEmbedKeys.Profiles.RankEmbed or LlamaEmbedKeys.Profiles.GemmaEmbed ? true : null;
        if (normalize is bool n)
        {
            metadata.Set(LlamaEmbedKeys.Normalize, GgufValue.Bool(n));
        }
        int hidden = context.Config.RequireInt("hidden_size");
        int dimensions = head?.Rows ?? (architecture == "gemma-embedding" && st.Dense.Count > 0 ? st.Dense[^1].OutFeatures : hidden);
        metadata.Set(LlamaEmbedKeys.Dimensions, GgufValue.UInt32((uint)dimensions));
        if (profile == LlamaEmbedKeys.Profiles.EmbeddingGemma && dimensions == s_embeddingGemmaMatryoshka[0])
        {
            metadata.Set(LlamaEmbedKeys.MatryoshkaDimensions, GgufValue.Array(s_embeddingGemmaMatryoshka));
        }
        if (head is not null)
        {
            metadata.Set(LlamaEmbedKeys.ProjectionShape, GgufValue.Array(new[] { (uint)head.Rows, (uint)head.Columns }));
            metadata.Set(LlamaEmbedKeys.ProjectionWeight, GgufValue.Array(head.Weight));
            if (head.Bias is float[] bias)
            {
                metadata.Set(LlamaEmbedKeys.ProjectionBias, GgufValue.Array(bias));
            }
        }
        return profile;
    }
}

/// <summary>A Linear head applied after pooling in managed code (row-major <c>[Rows, Columns]</c>).</summary>
internal sealed record ProjectionHead(int Rows, int Columns, float[] Weight, float[]? Bias)
{
    /// <summary>
    /// The projection head of a <c>gemma3</c> output: its single sentence-transformers Dense module (llama.cpp's gemma3
    /// refuses dense tensors, so the head travels as metadata). Null when there is none.
    /// </summary>
    public static ProjectionHead? Load(ConversionContext context)
    {
        IReadOnlyList<DenseModule> dense = context.Checkpoint.SentenceTransformers.Dense;
        if (dense.Count == 0)
        {
            return null;
        }
        if (dense.Count > 1)
        {
            throw new NotSupportedException($"modules.json lists {dense.Count} Dense modules; a gemma3 output carries one projection head.");
        }
        DenseModule module = dense[0];
        int hidden = context.Config.RequireInt("hidden_size");
        if (module.InFeatures != hidden)
        {
            throw new InvalidDataException($"{module.Path}: the projection takes {module.InFeatures} values but hidden_size is {hidden}.");
        }
        using TensorStore store = TensorStore.Open([module.WeightsFile]);
        SafetensorsTensorInfo weight = store.Contains("linear.weight") ? store.Info("linear.weight") : throw new InvalidDataException($"{module.Path}/model.safetensors: no linear.weight.");
        if (weight.Shape.Count != 2 || weight.Shape[0] != module.OutFeatures || weight.Shape[1] != module.InFeatures)
        {
            throw new InvalidDataException($"{module.Path}: linear.weight has shape {weight.ShapeText}; its config.json says [{module.OutFeatures}, {module.InFeatures}].");
        }
        float[]? bias = null;
        if (module.HasBias)
        {
            SafetensorsTensorInfo biasInfo = store.Contains("linear.bias") ? store.Info("linear.bias") : throw new InvalidDataException($"{module.Path}/model.safetensors: no linear.bias but config.json says bias.");
            if (biasInfo.ElementCount != module.OutFeatures)
            {
                throw new InvalidDataException($"{module.Path}: linear.bias has shape {biasInfo.ShapeText}; expected [{module.OutFeatures}].");
            }
            bias = store.ReadAllFloats("linear.bias");
        }
        context.Notes.Add($"Projection head {module.Path} ({module.InFeatures}→{module.OutFeatures}) stored as llamaembed.projection.* metadata.");
        return new ProjectionHead(module.OutFeatures, module.InFeatures, store.ReadAllFloats("linear.weight"), bias);
    }
}

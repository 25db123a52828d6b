using LlamaEmbed.Gguf;

namespace LlamaEmbed.Embeddings.Profiles;

/// <summary>
/// What the embedding runtime reads from a GGUF's metadata in managed code, before llama.cpp sees the file: the
/// architecture and name, our <c>llamaembed.*</c> keys, the pooling and attention keys, and the projection head.
/// </summary>
internal sealed record EmbeddingModelFile
{
    /// <summary><c>general.architecture</c>.</summary>
    public required string Architecture { get; init; }

    /// <summary><c>general.name</c>, else the file name without extension.</summary>
    public required string Name { get; init; }

    /// <summary><c>llamaembed.profile</c>.</summary>
    public string? ProfileKey { get; init; }

    /// <summary>The file's named prompts (<c>llamaembed.prompt_names</c>/<c>prompt_texts</c>), in order.</summary>
    public IReadOnlyList<PromptDefinition> Prompts { get; init; } = [];

    /// <summary><c>llamaembed.default_prompt</c>.</summary>
    public string? DefaultPrompt { get; init; }

    /// <summary><c>llamaembed.prefix_token.query</c>.</summary>
    public string? QueryPrefixToken { get; init; }

    /// <summary><c>llamaembed.prefix_token.document</c>.</summary>
    public string? DocumentPrefixToken { get; init; }

    /// <summary><c>llamaembed.prefix_token.passage</c>.</summary>
    public string? PassagePrefixToken { get; init; }

    /// <summary>Pooling from <c>llamaembed.pooling</c>, else <c>{arch}.pooling_type</c>; null when neither names MEAN, CLS or LAST.</summary>
    public EmbeddingPooling? Pooling { get; init; }

    /// <summary>True when <c>{arch}.pooling_type</c> is RANK (a cross-encoder reranker's classifier head).</summary>
    public bool RankPooling { get; init; }

    /// <summary><c>llamaembed.include_prompt</c>.</summary>
    public bool? IncludePrompt { get; init; }

    /// <summary><c>llamaembed.normalize</c>.</summary>
    public bool? Normalize { get; init; }

    /// <summary><c>llamaembed.matryoshka_dimensions</c>, largest first.</summary>
    public IReadOnlyList<int> MatryoshkaDimensions { get; init; } = [];

    /// <summary><c>{arch}.attention.causal</c>.</summary>
    public bool? Causal { get; init; }

    /// <summary>The projection head, when the file carries one.</summary>
    public ProjectionHeadData? Projection { get; init; }

    /// <summary>Reads the metadata of <paramref name="path"/> from its open header.</summary>
    /// <exception cref="InvalidDataException">Our keys have the wrong shape, or the architecture is missing.</exception>
    public static EmbeddingModelFile Read(GgufReader reader, string path)
    {
        GgufMetadata m = reader.Metadata;
        string architecture = m.TryGetString("general.architecture")
            ?? throw new InvalidDataException($"'{path}' has no general.architecture key.");
        uint? poolingType = m.TryGetUInt32($"{architecture}.pooling_type");
        return new EmbeddingModelFile
        {
            Architecture = architecture,
            Name = m.TryGetString("general.name") is { Length: > 0 } name ? name : Path.GetFileNameWithoutExtension(path),
            ProfileKey = m.TryGetString(LlamaEmbedKeys.Profile),
            Prompts = ReadPrompts(m, path),
            DefaultPrompt = m.TryGetString(LlamaEmbedKeys.DefaultPrompt),
            QueryPrefixToken = m.TryGetString(LlamaEmbedKeys.QueryPrefixToken),
            DocumentPrefixToken = m.TryGetString(LlamaEmbedKeys.DocumentPrefixToken),
            PassagePrefixToken = m.TryGetString(LlamaEmbedKeys.PassagePrefixToken),
            Pooling = ParsePooling(m.TryGetString(LlamaEmbedKeys.Pooling)) ?? PoolingFromType(poolingType),
            RankPooling = poolingType == 4,
            IncludePrompt = m.TryGetBool(LlamaEmbedKeys.IncludePrompt),
            Normalize = m.TryGetBool(LlamaEmbedKeys.Normalize),
            MatryoshkaDimensions = m.TryGetArray<uint>(LlamaEmbedKeys.MatryoshkaDimensions)?.Select(d => checked((int)d)).ToArray() ?? [],
            Causal = m.TryGetBool($"{architecture}.attention.causal"),
            Projection = ReadProjection(m, path),
        };
    }

    private static IReadOnlyList<PromptDefinition> ReadPrompts(GgufMetadata m, string path)
    {
        IReadOnlyList<string>? names = m.TryGetArray<string>(LlamaEmbedKeys.PromptNames);
        IReadOnlyList<string>? texts = m.TryGetArray<string>(LlamaEmbedKeys.PromptTexts);
        if (names is null && texts is null)
        {
            return [];
        }
        if (names is null || texts is null || names.Count != texts.Count)
        {
            throw new InvalidDataException(
                $"'{path}': {LlamaEmbedKeys.PromptNames} and {LlamaEmbedKeys.PromptTexts} must both be string arrays of the same length.");
        }
        return [.. names.Select((name, i) => new PromptDefinition(name, texts[i]))];
    }

    private static ProjectionHeadData? ReadProjection(GgufMetadata m, string path)
    {
        IReadOnlyList<float>? weight = m.TryGetArray<float>(LlamaEmbedKeys.ProjectionWeight);
        if (weight is null)
        {
            return null;
        }
        IReadOnlyList<uint>? shape = m.TryGetArray<uint>(LlamaEmbedKeys.ProjectionShape);
        if (shape is not { Count: 2 } || shape[0] == 0 || shape[1] == 0 || (long)shape[0] * shape[1] != weight.Count)
        {
            throw new InvalidDataException(
                $"'{path}': {LlamaEmbedKeys.ProjectionShape} must be [out, in] with out × in = the {weight.Count} values of {LlamaEmbedKeys.ProjectionWeight}.");
        }
        IReadOnlyList<float>? bias = m.TryGetArray<float>(LlamaEmbedKeys.ProjectionBias);
        if (bias is not null && bias.Count != shape[0])
        {
            throw new InvalidDataException($"'{path}': {LlamaEmbedKeys.ProjectionBias} has {bias.Count} values; the head has {shape[0]} outputs.");
        }
        return new ProjectionHeadData((int)shape[0], (int)shape[1], [.. weight], bias is null ? null : [.. bias]);
    }

    /// <summary>Parses <c>mean</c>, <c>cls</c> or <c>last</c> (also <c>lasttoken</c>), ignoring case.</summary>
    internal static EmbeddingPooling? ParsePooling(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "mean" => EmbeddingPooling.Mean,
        "cls" => EmbeddingPooling.Cls,
        "last" or "lasttoken" => EmbeddingPooling.Last,
        _ => null,
    };

    private static EmbeddingPooling? PoolingFromType(uint? type) => type switch
    {
        1 => EmbeddingPooling.Mean,
        2 => EmbeddingPooling.Cls,
        3 => EmbeddingPooling.Last,
        _ => null,
    };
}

/// <summary>A projection head, row-major <c>[Outputs, Inputs]</c>.</summary>
/// <param name="Outputs">Output size.</param>
/// <param name="Inputs">Input size; must equal the model's pooled size.</param>
/// <param name="Weight">Outputs × Inputs values, row after row.</param>
/// <param name="Bias">Outputs values, or null.</param>
internal sealed record ProjectionHeadData(int Outputs, int Inputs, float[] Weight, float[]? Bias);

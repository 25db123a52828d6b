namespace LlamaEmbed.Gguf;

/// <summary>
/// What <c>llamaembed inspect</c> shows about a GGUF model: architecture, size, tokenizer, our
/// <c>llamaembed.*</c> settings, the tensor table and the validation problems. Built from the header only.
/// </summary>
/// <remarks>Values absent from the file are null. <see cref="GgufSummaryWriter"/> renders it as text or JSON.</remarks>
public sealed record GgufModelSummary
{
    /// <summary>GGUF version of the file.</summary>
    public required uint Version { get; init; }

    /// <summary>File length in bytes.</summary>
    public required long FileLength { get; init; }

    /// <summary><c>general.architecture</c>.</summary>
    public string? Architecture { get; init; }

    /// <summary><c>general.name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Total elements over all tensors.</summary>
    public required long ParameterCount { get; init; }

    /// <summary><c>general.file_type</c>.</summary>
    public uint? FileType { get; init; }

    /// <summary>The name of <see cref="FileType"/>, e.g. "Q8_0".</summary>
    public string? FileTypeName { get; init; }

    /// <summary><c>A.context_length</c>: the training context in tokens.</summary>
    public uint? ContextLength { get; init; }

    /// <summary><c>A.embedding_length</c>: the hidden size.</summary>
    public uint? EmbeddingLength { get; init; }

    /// <summary>
    /// The size of the vectors the model produces: <c>llamaembed.dimensions</c>, else the Dense output
    /// (<c>A.dense_3_feat_out</c>), else <see cref="EmbeddingLength"/>.
    /// </summary>
    public uint? OutputDimensions { get; init; }

    /// <summary><c>A.block_count</c>.</summary>
    public uint? BlockCount { get; init; }

    /// <summary>Pooling: <c>llamaembed.pooling</c>, else the name of <c>A.pooling_type</c>.</summary>
    public string? Pooling { get; init; }

    /// <summary><c>tokenizer.ggml.model</c>.</summary>
    public string? TokenizerModel { get; init; }

    /// <summary><c>tokenizer.ggml.pre</c>.</summary>
    public string? TokenizerPre { get; init; }

    /// <summary>Number of tokens in <c>tokenizer.ggml.tokens</c>.</summary>
    public int? VocabularySize { get; init; }

    /// <summary>Special tokens by role (bos, eos, unknown, padding, …) with id and text.</summary>
    public required IReadOnlyList<GgufSpecialToken> SpecialTokens { get; init; }

    /// <summary>Every <c>llamaembed.*</c> key except the projection weights, shown as text (prompts, prefixes, profile…).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> LlamaEmbedSettings { get; init; }

    /// <summary>Prompts stored in <c>llamaembed.prompt_names</c>/<c>prompt_texts</c>, by name.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Prompts { get; init; }

    /// <summary>The tensor records.</summary>
    public required IReadOnlyList<GgufTensorInfo> Tensors { get; init; }

    /// <summary>What <see cref="GgufModelValidator"/> found.</summary>
    public required IReadOnlyList<GgufValidationProblem> Problems { get; init; }

    private static readonly string[] s_specialRoles = ["bos", "eos", "eot", "unknown", "seperator", "padding", "mask"];

    /// <summary>Summarizes the model read by <paramref name="reader"/>, including its validation problems.</summary>
    public static GgufModelSummary Create(GgufReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        GgufMetadata m = reader.Metadata;
        string? arch = m.TryGetString("general.architecture");
        uint? U(string suffix) => arch is null ? null : m.TryGetUInt32($"{arch}.{suffix}");
        IReadOnlyList<string>? tokens = m.TryGetArray<string>("tokenizer.ggml.tokens");
        uint? fileType = m.TryGetUInt32("general.file_type");
        uint? embd = U("embedding_length");
        uint? dense = U("dense_3_feat_out") is uint d and > 0 ? d : null;
        return new GgufModelSummary
        {
            Version = reader.Version,
            FileLength = reader.FileLength,
            Architecture = arch,
            Name = m.TryGetString("general.name"),
            ParameterCount = reader.Tensors.Sum(t => t.ElementCount),
            FileType = fileType,
            FileTypeName = fileType is uint f ? GgufFileTypes.GetName(f) : null,
            ContextLength = U("context_length"),
            EmbeddingLength = embd,
            OutputDimensions = m.TryGetUInt32(LlamaEmbedKeys.Dimensions) ?? dense ?? embd,
            BlockCount = U("block_count"),
            Pooling = m.TryGetString(LlamaEmbedKeys.Pooling) ?? PoolingName(U("pooling_type")),
            TokenizerModel = m.TryGetString("tokenizer.ggml.model"),
            TokenizerPre = m.TryGetString("tokenizer.ggml.pre"),
            VocabularySize = tokens?.Count,
            SpecialTokens = [.. s_specialRoles
                .Select(role => (role, id: m.TryGetUInt32($"tokenizer.ggml.{role}_token_id")))
                .Where(x => x.id is not null)
                .Select(x => new GgufSpecialToken(x.role, x.id!.Value, tokens is not null && x.id < tokens.Count ? tokens[(int)x.id] : null))],
            LlamaEmbedSettings = [.. m
                .Where(kv => kv.Key.StartsWith("llamaembed.", StringComparison.Ordinal) && !kv.Key.StartsWith("llamaembed.projection.", StringComparison.Ordinal))
                .Select(kv => new KeyValuePair<string, string>(kv.Key, Show(kv.Value)))],
            Prompts = ReadPrompts(m),
            Tensors = reader.Tensors,
            Problems = GgufModelValidator.Check(reader),
        };
    }

    private static List<KeyValuePair<string, string>> ReadPrompts(GgufMetadata m)
    {
        IReadOnlyList<string>? names = m.TryGetArray<string>(LlamaEmbedKeys.PromptNames);
        IReadOnlyList<string>? texts = m.TryGetArray<string>(LlamaEmbedKeys.PromptTexts);
        if (names is null || texts is null)
        {
            return [];
        }
        return [.. names.Zip(texts, (n, t) => new KeyValuePair<string, string>(n, t))];
    }

    private static string? PoolingName(uint? type) => type switch
    {
        null => null,
        0 => "none",
        1 => "mean",
        2 => "cls",
        3 => "last",
        4 => "rank",
        _ => $"unknown ({type})",
    };

    private static string Show(GgufValue value) => value.RawValue switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        Array array when array.Length <= 16 => $"[{string.Join(", ", array.Cast<object>().Select(o => o is string s ? $"\"{s}\"" : Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture)))}]",
        Array array => $"{value.Describe()} with {array.Length} elements",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };
}

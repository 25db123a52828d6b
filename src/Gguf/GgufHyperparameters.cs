namespace LlamaEmbed.Gguf;

/// <summary>
/// The hyperparameters llama.cpp derives from a model's metadata (<c>llama_model_base::load_hparams</c> plus the
/// per-architecture part), read with its exact types and defaults, with every abort-or-refuse rule reported.
/// </summary>
internal sealed record GgufHyperparameters
{
    /// <summary>Architectures this validator knows.</summary>
    public static readonly IReadOnlyList<string> Architectures = ["gemma-embedding", "gemma3", "qwen2", "llama"];

    private static readonly HashSet<string> s_ropeScalingTypes = new(StringComparer.Ordinal) { "none", "linear", "yarn", "longrope" };

    public required string Architecture { get; init; }
    public required long EmbeddingLength { get; init; }
    public required int BlockCount { get; init; }
    public required long HeadCount { get; init; }
    public required long HeadCountKv { get; init; }
    public required long FeedForwardLength { get; init; }
    public required long KeyLength { get; init; }
    public required long ValueLength { get; init; }
    public required long RopeDimensions { get; init; }
    public required string RopeScalingType { get; init; }
    public required long Dense2FeatOut { get; init; }
    public required long Dense3FeatIn { get; init; }

    /// <summary>One flag per layer: true when the layer uses sliding-window attention.</summary>
    public required bool[] SlidingWindowLayers { get; init; }

    public bool IsGemma => Architecture is "gemma-embedding" or "gemma3";

    /// <summary>Reads and checks the hyperparameters; null when the basics (size, layers, heads) are unusable.</summary>
    public static GgufHyperparameters? Read(GgufValidationScope scope, string arch)
    {
        string A(string suffix) => $"{arch}.{suffix}";
        scope.UInt32(A("context_length"), required: true);
        uint? embd = scope.UInt32(A("embedding_length"), required: true);
        scope.UInt32(A("embedding_length_out"));
        scope.Bool(A("attention.causal"));
        if (scope.UInt32(A("pooling_type")) is uint pooling && pooling > 4)
        {
            scope.Warning(A("pooling_type"), $"value {pooling} is not a llama_pooling_type (0 none, 1 mean, 2 cls, 3 last, 4 rank)");
        }
        uint? layers = scope.UInt32(A("block_count"), required: true);
        if (layers is 0 or > 512)
        {
            scope.Error(A("block_count"), $"is {layers}; llama.cpp asserts 1..512 and aborts the process");
            layers = null;
        }
        if (scope.UInt32(A("nextn_predict_layers")) is uint nextn && layers is uint l && nextn > l)
        {
            scope.Error(A("nextn_predict_layers"), $"is {nextn}, more than block_count {l}; llama.cpp aborts");
        }
        if (scope.UInt32(A("expert_count")) is > 0)
        {
            scope.Error(A("expert_count"), $"mixture-of-experts layers are not part of the {arch} tensor layout LlamaEmbed supports");
        }
        scope.Float32(A("attention.layer_norm_rms_epsilon"), required: true);
        scope.Bool(A("rope.scaling.finetuned"));
        scope.UInt32(A("rope.scaling.original_context_length"));
        scope.Float32(A("rope.freq_base"));
        scope.Float32(A("rope.scaling.factor"));
        scope.Float32(A("rope.scale_linear"));
        scope.Float32(A("rope.scaling.attn_factor"));
        scope.Float32(A("rope.scaling.alpha"));
        string ropeScaling = scope.String(A("rope.scaling.type")) ?? "linear";
        if (!s_ropeScalingTypes.Contains(ropeScaling))
        {
            scope.Error(A("rope.scaling.type"), $"is '{ropeScaling}'; llama.cpp accepts none, linear, yarn or longrope and aborts the process on anything else");
        }
        if (embd is null or 0 || layers is not uint n)
        {
            if (embd is 0)
            {
                scope.Error(A("embedding_length"), "is 0; no tensor shape can match");
            }
            return null;
        }

        int count = (int)n;
        uint[]? ff = scope.PerLayer(A("feed_forward_length"), count, required: true);
        uint[]? heads = scope.PerLayer(A("attention.head_count"), count, required: true);
        uint[]? headsKv = scope.PerLayer(A("attention.head_count_kv"), count, required: false) ?? heads;
        if (heads is not null && heads[0] == 0)
        {
            scope.Error(A("attention.head_count"), "is 0 for layer 0; the attention tensors cannot be shaped");
            heads = null;
        }
        bool[] swa = ReadSlidingWindow(scope, arch, count);
        if (ff is null || heads is null || headsKv is null)
        {
            return null;
        }

        uint keyFull = scope.UInt32(A("attention.key_length")) ?? embd.Value / heads[0];
        uint valueFull = scope.UInt32(A("attention.value_length")) ?? embd.Value / heads[0];
        uint ropeFull = scope.UInt32(A("rope.dimension_count")) ?? keyFull;
        uint keySwa = scope.UInt32(A("attention.key_length_swa")) ?? keyFull;
        uint valueSwa = scope.UInt32(A("attention.value_length_swa")) ?? valueFull;
        uint ropeSwa = scope.UInt32(A("rope.dimension_count_swa")) ?? ropeFull;
        if (arch == "llama" && ropeFull != keyFull)
        {
            scope.Error(A("rope.dimension_count"), $"is {ropeFull} but key_length is {keyFull}; llama.cpp refuses the file (invalid n_rot)");
        }
        var hp = new GgufHyperparameters
        {
            Architecture = arch,
            EmbeddingLength = embd.Value,
            BlockCount = count,
            HeadCount = heads[0],
            HeadCountKv = headsKv[0],
            FeedForwardLength = ff[0],
            KeyLength = swa[0] ? keySwa : keyFull,
            ValueLength = swa[0] ? valueSwa : valueFull,
            RopeDimensions = swa[0] ? ropeSwa : ropeFull,
            RopeScalingType = ropeScaling,
            Dense2FeatOut = arch == "gemma-embedding" ? scope.UInt32(A("dense_2_feat_out")) ?? 0 : 0,
            Dense3FeatIn = arch == "gemma-embedding" ? scope.UInt32(A("dense_3_feat_in")) ?? 0 : 0,
            SlidingWindowLayers = swa,
        };
        if (arch is "llama" or "qwen2" && (hp.KeyLength != hp.ValueLength || hp.KeyLength != hp.RopeDimensions))
        {
            scope.Error(A("attention.key_length"), $"{arch} needs key_length == value_length == rope.dimension_count (got {hp.KeyLength}, {hp.ValueLength}, {hp.RopeDimensions}); the graph asserts this and aborts the process");
        }
        if (arch == "qwen2" && hp.HeadCount * hp.KeyLength != hp.EmbeddingLength)
        {
            scope.Error(A("attention.head_count"), $"qwen2 needs head_count × head size == embedding_length ({hp.HeadCount} × {hp.KeyLength} ≠ {hp.EmbeddingLength})");
        }
        if (arch == "gemma-embedding")
        {
            CheckDense(scope, arch, hp.EmbeddingLength);
        }
        return hp;
    }

    private static void CheckDense(GgufValidationScope scope, string arch, long embd)
    {
        if (scope.UInt32($"{arch}.dense_2_feat_in") is uint in2 && in2 != 0 && in2 != embd)
        {
            scope.Error($"{arch}.dense_2_feat_in", $"is {in2} but must be 0 or embedding_length {embd}; llama.cpp aborts the process");
        }
        if (scope.UInt32($"{arch}.dense_3_feat_out") is uint out3 && out3 != 0 && out3 != embd)
        {
            scope.Error($"{arch}.dense_3_feat_out", $"is {out3} but must be 0 or embedding_length {embd}; llama.cpp aborts the process");
        }
    }

    /// <summary>
    /// Which layers use sliding-window attention: gemma-embedding always has SWA (window key required); gemma3 only
    /// when <c>attention.sliding_window</c> is above 0. The pattern is a UINT32 n (layer il is SWA iff
    /// il % n &lt; n − 1; 0 makes every layer SWA) or one BOOL/INT32/UINT32 flag per layer (missing layers global).
    /// </summary>
    private static bool[] ReadSlidingWindow(GgufValidationScope scope, string arch, int layers)
    {
        var swa = new bool[layers];
        bool enabled = arch == "gemma-embedding";
        if (enabled)
        {
            scope.UInt32($"{arch}.attention.sliding_window", required: true);
        }
        else if (arch == "gemma3")
        {
            enabled = scope.UInt32($"{arch}.attention.sliding_window") is > 0;
        }
        if (!enabled)
        {
            return swa;
        }
        scope.Float32($"{arch}.rope.freq_base_swa");
        string key = $"{arch}.attention.sliding_window_pattern";
        if (scope.Metadata.TryGetValue(key, out GgufValue? value) && value.Type == GgufValueType.Array)
        {
            if (value.Count > 512)
            {
                scope.Error(key, $"has {value.Count} flags, more than llama.cpp's 512 layers; it refuses the file");
                return swa;
            }
            bool[]? flags = value.RawValue switch
            {
                bool[] b => b,
                int[] i => [.. i.Select(x => x != 0)],
                uint[] u => [.. u.Select(x => x != 0)],
                _ => null,
            };
            if (flags is null)
            {
                scope.WrongType(key, value, "UINT32 or ARRAY[BOOL|INT32|UINT32]");
                return swa;
            }
            flags.AsSpan(0, Math.Min(flags.Length, layers)).CopyTo(swa);
        }
        else
        {
            uint n = scope.UInt32(key) ?? 6;
            for (int il = 0; il < layers; il++)
            {
                swa[il] = n == 0 || il % n < n - 1;
            }
        }
        if (arch == "gemma-embedding" && (swa.All(s => s) || swa.All(s => !s)))
        {
            scope.Error(key, $"gives {(swa[0] ? "only sliding-window" : "only global")} layers over {layers} block(s); gemma-embedding needs at least one of each or llama.cpp aborts at the first encode (GGML_ASSERT(buffer))");
        }
        return swa;
    }
}

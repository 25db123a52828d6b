using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic.Reference;

/// <summary>Turns GGUF metadata into a <see cref="GemmaReferenceConfig"/> with llama.cpp's loader rules.</summary>
internal static class GemmaReferenceConfigReader
{
    public static GemmaReferenceConfig Read(GgufMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string arch = metadata.TryGetString("general.architecture")
            ?? throw new InvalidDataException("GGUF key 'general.architecture' is missing.");
        GemmaReferenceArchitecture architecture = arch switch
        {
            "gemma-embedding" => GemmaReferenceArchitecture.GemmaEmbedding,
            "gemma3" => GemmaReferenceArchitecture.Gemma3,
            _ => throw new NotSupportedException($"The Gemma reference implements gemma-embedding and gemma3, not '{arch}'."),
        };
        var keys = new Keys(metadata, arch);

        int embedding = keys.RequiredInt("embedding_length");
        int blocks = keys.RequiredInt("block_count");
        int heads = keys.PerLayerInt("attention.head_count", blocks) ?? throw Missing(arch, "attention.head_count");
        int keyLength = keys.Int("attention.key_length") ?? embedding / heads;
        int valueLength = keys.Int("attention.value_length") ?? embedding / heads;
        RefuseDifferent(keys, "attention.key_length_swa", keyLength);
        RefuseDifferent(keys, "attention.value_length_swa", valueLength);
        int ropeDims = keys.Int("rope.dimension_count") ?? keyLength;
        RefuseDifferent(keys, "rope.dimension_count_swa", ropeDims);

        string scaling = keys.String("rope.scaling.type") ?? "linear";
        if (scaling is not ("none" or "linear"))
        {
            throw new NotSupportedException($"RoPE scaling '{scaling}' is not modelled by the Gemma reference.");
        }
        double ropeFactor = keys.Float("rope.scaling.factor") ?? keys.Float("rope.scale_linear") ?? 0;

        var (window, kind, sliding) = ReadSlidingWindow(keys, architecture, blocks);
        return new GemmaReferenceConfig
        {
            Architecture = architecture,
            EmbeddingLength = embedding,
            BlockCount = blocks,
            HeadCount = heads,
            HeadCountKv = keys.PerLayerInt("attention.head_count_kv", blocks) ?? heads,
            KeyLength = keyLength,
            ValueLength = valueLength,
            FeedForwardLength = keys.PerLayerInt("feed_forward_length", blocks) ?? throw Missing(arch, "feed_forward_length"),
            RmsEpsilon = keys.Float("attention.layer_norm_rms_epsilon") ?? throw Missing(arch, "attention.layer_norm_rms_epsilon"),
            RopeFreqBase = keys.Float("rope.freq_base") ?? 10_000,
            RopeFreqBaseSliding = keys.Float("rope.freq_base_swa") ?? 10_000,
            RopeFreqScale = ropeFactor == 0 ? 1 : 1 / ropeFactor,
            RopeDimensionCount = ropeDims,
            SlidingWindow = window,
            SlidingWindowKind = kind,
            SlidingLayers = sliding,
            Causal = architecture == GemmaReferenceArchitecture.Gemma3 && (keys.Bool("attention.causal") ?? true),
            Pooling = ReadPooling(keys),
            Dense2FeatureOut = architecture == GemmaReferenceArchitecture.GemmaEmbedding ? keys.Int("dense_2_feat_out") ?? 0 : 0,
            Dense3FeatureIn = architecture == GemmaReferenceArchitecture.GemmaEmbedding ? keys.Int("dense_3_feat_in") ?? 0 : 0,
        };
    }

    private static (int Window, GemmaSlidingWindowKind Kind, IReadOnlyList<bool> Layers) ReadSlidingWindow(
        Keys keys, GemmaReferenceArchitecture architecture, int blocks)
    {
        int? window = keys.Int("attention.sliding_window");
        if (architecture == GemmaReferenceArchitecture.GemmaEmbedding && window is null)
        {
            throw Missing(keys.Arch, "attention.sliding_window");
        }
        if (architecture == GemmaReferenceArchitecture.Gemma3 && window is not > 0)
        {
            return (0, GemmaSlidingWindowKind.None, new bool[blocks]);
        }
        var kind = architecture == GemmaReferenceArchitecture.GemmaEmbedding ? GemmaSlidingWindowKind.Symmetric : GemmaSlidingWindowKind.Standard;
        string patternKey = keys.Arch + ".attention.sliding_window_pattern";
        if (keys.Metadata.TryGetArray<bool>(patternKey) is { } flags)
        {
            if (flags.Count != blocks)
            {
                throw new InvalidDataException($"GGUF key '{patternKey}' has {flags.Count} flags for {blocks} blocks.");
            }
            return (window!.Value, kind, flags.ToArray());
        }
        int period = keys.Int("attention.sliding_window_pattern") ?? 6;
        return (window!.Value, kind, GemmaReferenceConfig.SlidingPattern(blocks, period));
    }

    private static GemmaReferencePooling ReadPooling(Keys keys) => keys.Int("pooling_type") switch
    {
        2 => GemmaReferencePooling.Cls,
        3 => GemmaReferencePooling.Last,
        null or 0 or 1 => GemmaReferencePooling.Mean,
        int other => throw new NotSupportedException($"Pooling type {other} is not modelled by the Gemma reference."),
    };

    private static void RefuseDifferent(Keys keys, string key, int expected)
    {
        if (keys.Int(key) is int value && value != expected)
        {
            throw new NotSupportedException($"GGUF key '{keys.Arch}.{key}' = {value} differs from the global value {expected}; the Gemma reference models one size.");
        }
    }

    private static InvalidDataException Missing(string arch, string key) =>
        new($"GGUF key '{arch}.{key}' is required by llama.cpp and missing.");

    /// <summary>Typed, arch-prefixed lookups that refuse the same wrong types llama.cpp refuses.</summary>
    private readonly record struct Keys(GgufMetadata Metadata, string Arch)
    {
        public int RequiredInt(string key) => Int(key) ?? throw Missing(Arch, key);

        public int? Int(string key) => Get<uint>(key, GgufValueType.UInt32) is uint v ? checked((int)v) : null;

        public double? Float(string key) => Get<float>(key, GgufValueType.Float32) is float v ? v : null;

        public bool? Bool(string key) => Get<bool>(key, GgufValueType.Bool) is bool v ? v : null;

        public string? String(string key) => Metadata.TryGetValue($"{Arch}.{key}", out GgufValue? value) ? value.As<string>() : null;

        /// <summary>A UINT32 scalar, or a per-layer UINT32 array whose values are all equal.</summary>
        public int? PerLayerInt(string key, int blocks)
        {
            string name = $"{Arch}.{key}";
            if (Metadata.TryGetArray<uint>(name) is not { } values)
            {
                return Int(key);
            }
            if (values.Count != blocks || values.Distinct().Count() != 1)
            {
                throw new NotSupportedException($"GGUF key '{name}' varies per layer; the Gemma reference models one value for all blocks.");
            }
            return checked((int)values[0]);
        }

        private T? Get<T>(string key, GgufValueType type)
            where T : struct
        {
            string name = $"{Arch}.{key}";
            if (!Metadata.TryGetValue(name, out GgufValue? value))
            {
                return null;
            }
            return value.Type == type && value.TryAs(out T typed)
                ? typed
                : throw new InvalidDataException($"GGUF key '{name}' is {value.Describe()}; llama.cpp reads it only as {type}.");
        }
    }
}

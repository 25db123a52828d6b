namespace LlamaEmbed.Synthetic.Reference;

/// <summary>
/// The hyperparameters of a Gemma-3-family model as the reference forward pass uses them, named after the GGUF keys
/// they come from (<c>{arch}.embedding_length</c> and so on). Build one by hand for a synthetic model, or read it
/// with <see cref="FromGguf"/>.
/// </summary>
/// <remarks>
/// Defaults follow llama.cpp where a key may be absent; the required members have no default there either.
/// Per-layer head counts, per-layer feed-forward sizes, separate SWA head sizes and YaRN/LongRoPE scaling are not
/// modelled: Gemma-3 checkpoints do not use them, and <see cref="FromGguf"/> refuses files that do rather than
/// computing something else.
/// </remarks>
public sealed record GemmaReferenceConfig
{
    /// <summary>Which llama.cpp graph to follow.</summary>
    public required GemmaReferenceArchitecture Architecture { get; init; }

    /// <summary>E, the hidden size (<c>embedding_length</c>).</summary>
    public required int EmbeddingLength { get; init; }

    /// <summary>L, the number of transformer blocks (<c>block_count</c>).</summary>
    public required int BlockCount { get; init; }

    /// <summary>H, the number of query heads (<c>attention.head_count</c>).</summary>
    public required int HeadCount { get; init; }

    /// <summary>Hkv, the number of key/value heads (<c>attention.head_count_kv</c>); query head h uses KV head h / (H / Hkv).</summary>
    public required int HeadCountKv { get; init; }

    /// <summary>Dk, the per-head query/key size (<c>attention.key_length</c>).</summary>
    public required int KeyLength { get; init; }

    /// <summary>Dv, the per-head value size (<c>attention.value_length</c>).</summary>
    public required int ValueLength { get; init; }

    /// <summary>F, the feed-forward inner size (<c>feed_forward_length</c>).</summary>
    public required int FeedForwardLength { get; init; }

    /// <summary>The RMSNorm epsilon (<c>attention.layer_norm_rms_epsilon</c>), added to the mean square before the root.</summary>
    public double RmsEpsilon { get; init; } = 1e-6;

    /// <summary>RoPE base of global layers (<c>rope.freq_base</c>; llama.cpp's default is 10000, Gemma 3 uses 1e6).</summary>
    public double RopeFreqBase { get; init; } = 10_000;

    /// <summary>RoPE base of sliding-window layers (<c>rope.freq_base_swa</c>, default 10000).</summary>
    public double RopeFreqBaseSliding { get; init; } = 10_000;

    /// <summary>
    /// Linear RoPE position scale of global layers, 1 / <c>rope.scaling.factor</c> (default 1). Sliding-window
    /// layers never scale, as in llama.cpp.
    /// </summary>
    public double RopeFreqScale { get; init; } = 1;

    /// <summary>How many leading dimensions of each head RoPE rotates (<c>rope.dimension_count</c>); 0 means <see cref="KeyLength"/>.</summary>
    public int RopeDimensionCount { get; init; }

    /// <summary>n_swa, the sliding window in tokens (<c>attention.sliding_window</c>); its meaning depends on <see cref="SlidingWindowKind"/>.</summary>
    public int SlidingWindow { get; init; }

    /// <summary>How sliding-window layers mask keys; <see cref="GemmaSlidingWindowKind.None"/> makes every layer global.</summary>
    public GemmaSlidingWindowKind SlidingWindowKind { get; init; }

    /// <summary>
    /// One flag per block, true for a sliding-window (local) layer. Empty means the scalar default pattern of 6
    /// (see <see cref="SlidingPattern"/>) whenever <see cref="SlidingWindowKind"/> is not <see cref="GemmaSlidingWindowKind.None"/>.
    /// </summary>
    public IReadOnlyList<bool> SlidingLayers { get; init; } = [];

    /// <summary>Whether a query may only see keys at its own position or before. gemma-embedding is never causal.</summary>
    public bool Causal { get; init; }

    /// <summary>How <see cref="GemmaReferenceModel.Embed"/> pools the hidden states.</summary>
    public GemmaReferencePooling Pooling { get; init; } = GemmaReferencePooling.Mean;

    /// <summary>Output size of <c>dense_2</c> (<c>dense_2_feat_out</c>); used only when the model has that tensor.</summary>
    public int Dense2FeatureOut { get; init; }

    /// <summary>Input size of <c>dense_3</c> (<c>dense_3_feat_in</c>); used only when the model has that tensor.</summary>
    public int Dense3FeatureIn { get; init; }

    /// <summary>The RoPE dimension count in effect: <see cref="RopeDimensionCount"/>, or <see cref="KeyLength"/> when that is 0.</summary>
    public int RotatedDimensions => RopeDimensionCount > 0 ? RopeDimensionCount : KeyLength;

    /// <summary>
    /// The factor applied to queries before the dot product: 1/√Dk, except for the 62-layer gemma3 (Gemma-3-27B),
    /// which llama.cpp scales by 1/√(E/H).
    /// </summary>
    public double AttentionScale => Architecture == GemmaReferenceArchitecture.Gemma3 && BlockCount == 62
        ? 1.0 / Math.Sqrt(EmbeddingLength / HeadCount)
        : 1.0 / Math.Sqrt(KeyLength);

    /// <summary>True when block <paramref name="layer"/> is a sliding-window (local) layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not a block index.</exception>
    public bool IsSlidingLayer(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, BlockCount);
        if (SlidingWindowKind == GemmaSlidingWindowKind.None)
        {
            return false;
        }
        return SlidingLayers.Count > 0 ? SlidingLayers[layer] : layer % 6 < 5;
    }

    /// <summary>
    /// True when, in block <paramref name="layer"/>, the query at position <paramref name="queryPosition"/> may attend
    /// to the key at <paramref name="keyPosition"/> of the same text: llama.cpp's causal rule, then its SWA rule.
    /// </summary>
    public bool Attends(int layer, int queryPosition, int keyPosition)
    {
        if (Causal && keyPosition > queryPosition)
        {
            return false;
        }
        if (!IsSlidingLayer(layer))
        {
            return true;
        }
        int behind = queryPosition - keyPosition;
        return SlidingWindowKind switch
        {
            GemmaSlidingWindowKind.Symmetric => Math.Abs(behind) <= SlidingWindow / 2,
            GemmaSlidingWindowKind.Standard => behind < SlidingWindow,
            _ => true,
        };
    }

    /// <summary>
    /// The per-layer flags of a scalar <c>sliding_window_pattern</c>: layer il is local iff il mod
    /// <paramref name="period"/> &lt; <paramref name="period"/> − 1, so every period-th layer is global; a period of 0
    /// makes every layer local (llama.cpp's <c>set_swa_pattern</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static IReadOnlyList<bool> SlidingPattern(int blockCount, int period)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blockCount);
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        var flags = new bool[blockCount];
        for (int il = 0; il < blockCount; il++)
        {
            flags[il] = period == 0 || il % period < period - 1;
        }
        return flags;
    }

    /// <summary>Checks that the sizes are positive and consistent.</summary>
    /// <exception cref="ArgumentException">A size is not positive, H is not a multiple of Hkv, the RoPE count is odd or larger than Dk, the SWA flags do not match the block count, or a sliding window is missing.</exception>
    public void Validate()
    {
        Require(EmbeddingLength > 0 && BlockCount > 0 && HeadCount > 0 && HeadCountKv > 0 && KeyLength > 0 && ValueLength > 0 && FeedForwardLength > 0,
            "every size (E, L, H, Hkv, Dk, Dv, F) must be positive");
        Require(HeadCount % HeadCountKv == 0, $"H ({HeadCount}) must be a multiple of Hkv ({HeadCountKv})");
        Require(RotatedDimensions % 2 == 0 && RotatedDimensions <= KeyLength, $"the RoPE dimension count ({RotatedDimensions}) must be even and at most Dk ({KeyLength})");
        Require(RmsEpsilon >= 0 && RopeFreqBase > 0 && RopeFreqBaseSliding > 0 && RopeFreqScale > 0, "epsilon must be non-negative and RoPE bases and scale positive");
        Require(SlidingLayers.Count == 0 || SlidingLayers.Count == BlockCount, $"{SlidingLayers.Count} SWA flags for {BlockCount} blocks");
        Require(SlidingWindowKind == GemmaSlidingWindowKind.None || SlidingWindow > 0, "a sliding-window kind needs a positive window");
        Require(Dense2FeatureOut >= 0 && Dense3FeatureIn >= 0, "Dense sizes must not be negative");
    }

    /// <summary>
    /// Reads the configuration from GGUF metadata the way llama.cpp's loader does for <c>gemma-embedding</c> and
    /// <c>gemma3</c>: defaults for absent optional keys, a bidirectional symmetric window for gemma-embedding, a
    /// one-sided window (only when <c>sliding_window</c> &gt; 0) and <c>attention.causal</c> (default true) for gemma3.
    /// </summary>
    /// <exception cref="NotSupportedException">The architecture is another one, or the file uses a feature the reference does not model (per-layer head counts, YaRN, separate SWA head sizes).</exception>
    /// <exception cref="InvalidDataException">A required key is missing or a key has a type llama.cpp would refuse.</exception>
    public static GemmaReferenceConfig FromGguf(LlamaEmbed.Gguf.GgufMetadata metadata) => GemmaReferenceConfigReader.Read(metadata);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"Invalid Gemma reference configuration: {message}.");
        }
    }
}

using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>The GGUF metadata of a synthetic model: the keys <c>convert_hf_to_gguf</c> writes for the architecture, exactly typed.</summary>
public static class SyntheticMetadata
{
    /// <summary>Builds the metadata of <paramref name="spec"/> with <paramref name="vocabulary"/>.</summary>
    public static GgufMetadata For(SyntheticModelSpec spec, SyntheticVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(vocabulary);
        string a = spec.Architecture.GgufName();
        var m = new GgufMetadata();
        m.Add("general.architecture", GgufValue.String(a));
        m.Add("general.type", GgufValue.String("model"));
        m.Add("general.name", GgufValue.String(spec.Name));
        m.Add("general.file_type", GgufValue.UInt32(FileType(spec.WeightType)));
        m.Add("general.quantization_version", GgufValue.UInt32(2));
        m.Add($"{a}.context_length", GgufValue.UInt32((uint)spec.ContextLength));
        m.Add($"{a}.embedding_length", GgufValue.UInt32((uint)spec.EmbeddingLength));
        m.Add($"{a}.block_count", GgufValue.UInt32((uint)spec.LayerCount));
        m.Add($"{a}.feed_forward_length", GgufValue.UInt32((uint)spec.FeedForwardLength));
        m.Add($"{a}.attention.head_count", GgufValue.UInt32((uint)spec.HeadCount));
        m.Add($"{a}.attention.head_count_kv", GgufValue.UInt32((uint)spec.HeadCountKv));
        m.Add($"{a}.rope.freq_base", GgufValue.Float32(spec.RopeFreqBase));
        m.Add($"{a}.attention.layer_norm_rms_epsilon", GgufValue.Float32(spec.RmsEpsilon));
        m.Add($"{a}.attention.key_length", GgufValue.UInt32((uint)spec.HeadDim));
        m.Add($"{a}.attention.value_length", GgufValue.UInt32((uint)spec.HeadDim));
        if (spec.Architecture.IsGemma())
        {
            if (spec.SlidingWindow > 0)
            {
                m.Add($"{a}.rope.freq_base_swa", GgufValue.Float32(spec.RopeFreqBaseSwa));
                m.Add($"{a}.attention.sliding_window", GgufValue.UInt32((uint)spec.SlidingWindow));
                if (spec.SlidingWindowLayers is not null)
                {
                    m.Add($"{a}.attention.sliding_window_pattern", GgufValue.Array(spec.SlidingWindowLayers.ToArray()));
                }
                else if (spec.SlidingWindowPattern is int period)
                {
                    m.Add($"{a}.attention.sliding_window_pattern", GgufValue.UInt32((uint)period));
                }
            }
        }
        else
        {
            m.Add($"{a}.rope.dimension_count", GgufValue.UInt32((uint)spec.HeadDim));
        }
        if (spec.Architecture == SyntheticArchitecture.Llama)
        {
            m.Add($"{a}.vocab_size", GgufValue.UInt32((uint)vocabulary.Count));
        }
        if (spec.DenseFeatures is int dense)
        {
            m.Add($"{a}.dense_2_feat_in", GgufValue.UInt32((uint)spec.EmbeddingLength));
            m.Add($"{a}.dense_2_feat_out", GgufValue.UInt32((uint)dense));
            m.Add($"{a}.dense_3_feat_in", GgufValue.UInt32((uint)dense));
            m.Add($"{a}.dense_3_feat_out", GgufValue.UInt32((uint)spec.EmbeddingLength));
        }
        if (spec.PoolingType is SyntheticPoolingType pooling)
        {
            m.Add($"{a}.pooling_type", GgufValue.UInt32((uint)pooling));
        }
        if (spec.Causal is bool causal)
        {
            m.Add($"{a}.attention.causal", GgufValue.Bool(causal));
        }
        vocabulary.WriteTo(m, addSpacePrefixKey: spec.Architecture.IsGemma());
        spec.EmbeddingMetadata?.WriteTo(m);
        return m;
    }

    /// <summary><c>general.file_type</c> (<c>llama_ftype</c>) for a weight type: ALL_F32 0, MOSTLY_F16 1, MOSTLY_BF16 32.</summary>
    public static uint FileType(GgmlType weightType) => weightType switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.BF16 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(weightType), weightType, "Synthetic weights are F32, F16 or BF16."),
    };
}

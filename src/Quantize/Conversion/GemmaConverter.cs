using System.Text.Json.Nodes;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// Gemma-3 text models, written as <c>gemma-embedding</c> (EmbeddingGemma: bidirectional, symmetric sliding
/// window, sentence-transformers Dense layers as <c>dense_2</c>/<c>dense_3</c>) or as <c>gemma3</c> (Gemma-3
/// decoders such as Rank-Embed-1B or a LoRA-merged Gemma-Embed, causal or bidirectional).
/// </summary>
/// <remarks>
/// As llama.cpp's <c>Gemma3Model</c>/<c>EmbeddingGemma</c>: +1 on every RMSNorm weight (Gemma stores w − 1), the
/// embedding cut to the vocabulary, Gemma's defaults for keys config.json leaves out (context 131072, 8 heads,
/// 4 KV heads, head dim 256, RoPE base 1e6, eps 1e-6) and the raw <c>sliding_window</c>. Beyond it: the per-layer
/// sliding pattern from config.json's <c>layer_types</c> (llama.cpp otherwise assumes every sixth layer is
/// global), and for <c>gemma3</c> the attention direction and pooling.
/// </remarks>
internal sealed class GemmaConverter(bool embedding) : TextArchitectureConverter
{
    private static readonly string[] s_layerTensors =
    [
        "attn_norm.weight", "attn_q.weight", "attn_k.weight", "attn_v.weight", "attn_output.weight", "attn_q_norm.weight",
        "attn_k_norm.weight", "post_attention_norm.weight", "ffn_norm.weight", "ffn_gate.weight", "ffn_up.weight",
        "ffn_down.weight", "post_ffw_norm.weight",
    ];

    public override string Architecture => embedding ? "gemma-embedding" : "gemma3";

    protected override IReadOnlyList<string> RequiredLayerTensors => s_layerTensors;

    protected override string PostAttentionNormName => "post_attention_norm";

    protected override bool TruncatesVocabulary => true;

    protected override int DefaultHeadDim(ModelConfig config) => 256;

    protected override bool TiedEmbeddings(ModelConfig config) => config.GetBool("tie_word_embeddings") ?? true;

    /// <summary>The attention direction a <c>gemma3</c> output gets: the option, else the checkpoint's config.</summary>
    public static AttentionMode AttentionFor(ConversionContext context) =>
        context.Options.Attention ?? (context.Config.GetBool("use_bidirectional_attention") is true || context.Config.GetBool("is_causal") is false
            ? AttentionMode.Bidirectional
            : AttentionMode.Causal);

    public override void WriteHyperparameters(ConversionContext context, GgufMetadata metadata)
    {
        base.WriteHyperparameters(context, metadata);
        ModelConfig config = context.Config;
        string a = Architecture;
        metadata.Set($"{a}.context_length", GgufValue.UInt32((uint)(config.GetInt("max_position_embeddings") ?? 131072)));
        metadata.Set($"{a}.attention.head_count", GgufValue.UInt32((uint)(config.GetInt("num_attention_heads") ?? 8)));
        metadata.Set($"{a}.attention.layer_norm_rms_epsilon", GgufValue.Float32((float)(config.GetDouble("rms_norm_eps") ?? 1e-6)));
        metadata.Set($"{a}.attention.key_length", GgufValue.UInt32((uint)HeadDim(config)));
        metadata.Set($"{a}.attention.value_length", GgufValue.UInt32((uint)HeadDim(config)));
        double theta = config.RopeParameters()["rope_theta"]?.GetValue<double>() ?? 1_000_000.0;
        metadata.Set($"{a}.rope.freq_base", GgufValue.Float32((float)theta));
        if (config["attn_logit_softcapping"] is JsonValue)
        {
            throw new NotSupportedException("config.json: attn_logit_softcapping is set; Gemma-3 has none and llama.cpp's gemma3 graph does not apply it.");
        }
        if (config.GetDouble("final_logit_softcapping") is double softcap && softcap != 0)
        {
            metadata.Set($"{a}.final_logit_softcapping", GgufValue.Float32((float)softcap));
        }
        if (config.GetInt("sliding_window_pattern") != 1 || embedding)
        {
            int window = config.GetInt("sliding_window")
                ?? throw new InvalidDataException("config.json: no sliding_window; Gemma-3 needs it.");
            metadata.Set($"{a}.attention.sliding_window", GgufValue.UInt32((uint)window));
            if (SlidingPattern(config) is bool[] pattern)
            {
                metadata.Set($"{a}.attention.sliding_window_pattern", GgufValue.Array(pattern));
            }
        }
        metadata.Set($"{a}.attention.head_count_kv", GgufValue.UInt32((uint)(config.GetInt("num_key_value_heads") ?? 4)));
        if (context.Vocabulary.Model == "llama")
        {
            context.Vocabulary.AddSpacePrefix = false;
        }
        if (embedding)
        {
            if (context.Options.Attention == AttentionMode.Causal)
            {
                throw new NotSupportedException("--attention causal: gemma-embedding is always bidirectional; it applies to gemma3 outputs only.");
            }
            foreach (var (prefix, dense) in DenseModules(context))
            {
                metadata.Set($"{a}.{prefix}_feat_in", GgufValue.UInt32((uint)dense.InFeatures));
                metadata.Set($"{a}.{prefix}_feat_out", GgufValue.UInt32((uint)dense.OutFeatures));
            }
        }
        else
        {
            metadata.Set($"{a}.attention.causal", GgufValue.Bool(AttentionFor(context) == AttentionMode.Causal));
        }
        WritePoolingType(context, metadata);
    }

    protected override ITensorRows Transform(ConversionContext context, string hfName, string ggufName, ITensorRows rows) =>
        hfName.EndsWith("norm.weight", StringComparison.Ordinal) ? new ShiftedRows(rows, 1.0f) : rows;

    protected override IEnumerable<PlannedTensor> ExtraTensors(ConversionContext context)
    {
        if (!embedding)
        {
            yield break;
        }
        foreach (var (prefix, dense) in DenseModules(context))
        {
            TensorStore store = TensorStore.Open([dense.WeightsFile]);
            context.Resources.Add(store);
            string name = store.Contains("linear.weight")
                ? "linear.weight"
                : throw new InvalidDataException($"{dense.Path}/model.safetensors: no linear.weight.");
            SafetensorsTensorInfo info = store.Info(name);
            if (!SafetensorsDTypes.IsConvertible(info.DType))
            {
                throw new NotSupportedException($"{dense.Path}: linear.weight has dtype {SafetensorsDTypes.Name(info.DType)}; only F32, F16 and BF16 can be converted.");
            }
            if (info.Shape.Count != 2 || info.Shape[0] != dense.OutFeatures || info.Shape[1] != dense.InFeatures)
            {
                throw new InvalidDataException($"{dense.Path}: linear.weight has shape {info.ShapeText}; its config.json says [{dense.OutFeatures}, {dense.InFeatures}].");
            }
            yield return context.Plan($"{prefix}.weight", info.Shape, new StoredRows(store, info, info.RowCount));
        }
    }

    /// <summary>The Dense modules as llama.cpp names them: <c>2_Dense</c> → <c>dense_2</c>, any other → <c>dense_3</c>.</summary>
    private static List<(string Prefix, DenseModule Dense)> DenseModules(ConversionContext context)
    {
        int hidden = context.Config.RequireInt("hidden_size");
        var modules = context.Checkpoint.SentenceTransformers.Dense
            .Select(d => (Prefix: d.Path.TrimEnd('/') == "2_Dense" ? "dense_2" : "dense_3", Dense: d))
            .ToList();
        if (modules.Count > 2 || modules.Select(m => m.Prefix).Distinct().Count() != modules.Count)
        {
            throw new NotSupportedException($"modules.json lists {modules.Count} Dense modules; gemma-embedding holds at most 2_Dense and one more.");
        }
        foreach (var (prefix, dense) in modules)
        {
            if (dense.HasBias)
            {
                throw new NotSupportedException($"{dense.Path}: the Dense layer has a bias; llama.cpp's gemma-embedding applies Dense weights without one.");
            }
            if ((prefix == "dense_2" && dense.InFeatures != hidden) || (prefix == "dense_3" && dense.OutFeatures != hidden))
            {
                throw new InvalidDataException($"{dense.Path}: {dense.InFeatures}→{dense.OutFeatures} does not fit llama.cpp's gemma-embedding (dense_2 must take, and dense_3 return, hidden_size {hidden}).");
            }
        }
        return modules;
    }

    private static bool[]? SlidingPattern(ModelConfig config)
    {
        if (config["layer_types"] is not JsonArray types)
        {
            return null;
        }
        return types.Select(t => t?.GetValue<string>() switch
        {
            "sliding_attention" => true,
            "full_attention" => false,
            string other => throw new NotSupportedException($"config.json: layer type '{other}' is not supported; Gemma-3 layers are sliding_attention or full_attention."),
            null => throw new InvalidDataException("config.json: layer_types has a null entry."),
        }).ToArray();
    }
}

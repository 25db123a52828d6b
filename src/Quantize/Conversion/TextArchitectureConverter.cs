using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// The decoder-family rules shared by every architecture here (llama.cpp's <c>TextModel</c>): the common
/// hyperparameters, the HF → GGUF tensor names, the LoRA merge, the shape checks against config.json, and the
/// dtype rules. Subclasses add their own keys, transforms and extra tensors.
/// </summary>
internal abstract partial class TextArchitectureConverter : IArchitectureConverter
{
    private static readonly string[] s_droppedSuffixes = [".attention.masked_bias", ".attention.bias", ".rotary_emb.inv_freq"];

    public abstract string Architecture { get; }

    /// <summary>The per-layer GGUF tensors (without <c>blk.N.</c>) every layer must have.</summary>
    protected abstract IReadOnlyList<string> RequiredLayerTensors { get; }

    /// <summary>The GGUF name for HF <c>post_attention_layernorm</c> (Gemma: post_attention_norm; others: ffn_norm).</summary>
    protected abstract string PostAttentionNormName { get; }

    /// <summary>Default head dimension when config.json has no <c>head_dim</c>.</summary>
    protected virtual int DefaultHeadDim(ModelConfig config) => config.RequireInt("hidden_size") / config.RequireInt("num_attention_heads");

    /// <summary>Whether the LM head shares the token embedding (then a stray <c>lm_head.weight</c> is dropped).</summary>
    protected virtual bool TiedEmbeddings(ModelConfig config) => config.GetBool("tie_word_embeddings") ?? false;

    /// <summary>True when the embedding rows are cut to the vocabulary (Gemma); otherwise they must match it.</summary>
    protected virtual bool TruncatesVocabulary => false;

    protected static int Layers(ModelConfig config) => config.RequireInt("num_hidden_layers", "n_layers", "num_layers");

    protected int HeadDim(ModelConfig config) => config.GetInt("head_dim") ?? DefaultHeadDim(config);

    public virtual void WriteHyperparameters(ConversionContext context, GgufMetadata metadata)
    {
        ModelConfig config = context.Config;
        string a = Architecture;
        metadata.Set($"{a}.block_count", GgufValue.UInt32((uint)Layers(config)));
        if (config.GetInt("max_position_embeddings", "n_ctx", "n_positions", "max_length", "max_sequence_length", "model_max_length") is int contextLength)
        {
            metadata.Set($"{a}.context_length", GgufValue.UInt32((uint)contextLength));
        }
        metadata.Set($"{a}.embedding_length", GgufValue.UInt32((uint)config.RequireInt("hidden_size")));
        if (config.GetInt("intermediate_size") is int ff)
        {
            metadata.Set($"{a}.feed_forward_length", GgufValue.UInt32((uint)ff));
        }
        if (config.GetInt("num_attention_heads") is int heads)
        {
            metadata.Set($"{a}.attention.head_count", GgufValue.UInt32((uint)heads));
        }
        if (config.GetInt("num_key_value_heads") is int kvHeads)
        {
            metadata.Set($"{a}.attention.head_count_kv", GgufValue.UInt32((uint)kvHeads));
        }
        if (config.GetBool("is_causal") is false)
        {
            metadata.Set($"{a}.attention.causal", GgufValue.Bool(false));
        }
        WriteRopeScaling(context, metadata);
        JsonObject rope = config.RopeParameters();
        if (rope["rope_theta"] is JsonValue theta && theta.GetValueKind() == JsonValueKind.Number)
        {
            metadata.Set($"{a}.rope.freq_base", GgufValue.Float32((float)theta.GetValue<double>()));
        }
        if (config.SlidingRopeTheta() is double swaTheta)
        {
            metadata.Set($"{a}.rope.freq_base_swa", GgufValue.Float32((float)swaTheta));
        }
        if (config.GetDouble("rms_norm_eps", "norm_eps") is double eps)
        {
            metadata.Set($"{a}.attention.layer_norm_rms_epsilon", GgufValue.Float32((float)eps));
        }
        if (config.GetInt("head_dim") is int headDim)
        {
            metadata.Set($"{a}.attention.key_length", GgufValue.UInt32((uint)headDim));
            metadata.Set($"{a}.attention.value_length", GgufValue.UInt32((uint)headDim));
        }
    }

    /// <summary>Writes <c>A.pooling_type</c> from the override or the sentence-transformers Pooling module.</summary>
    protected void WritePoolingType(ConversionContext context, GgufMetadata metadata)
    {
        if (LlamaEmbedMetadata.Pooling(context) is string pooling)
        {
            uint value = pooling switch { "mean" => 1u, "cls" => 2u, "last" => 3u, _ => 0u };
            metadata.Set($"{Architecture}.pooling_type", GgufValue.UInt32(value));
        }
    }

    public IReadOnlyList<PlannedTensor> PlanTensors(ConversionContext context)
    {
        ModelConfig config = context.Config;
        int layers = Layers(config);
        Dictionary<string, LoraPair> lora = MatchLora(context);
        var planned = new List<PlannedTensor>();
        foreach (string hfName in context.Store.Names)
        {
            string? ggufName = MapName(hfName, layers);
            if (ggufName is null)
            {
                continue;
            }
            if (ggufName == "output.weight" && TiedEmbeddings(config))
            {
                context.Notes.Add("lm_head.weight dropped: the embeddings are tied, llama.cpp reuses token_embd.");
                continue;
            }
            SafetensorsTensorInfo info = context.Store.Info(hfName);
            if (!SafetensorsDTypes.IsConvertible(info.DType))
            {
                throw new NotSupportedException($"Tensor '{hfName}' has dtype {SafetensorsDTypes.Name(info.DType)}; only F32, F16 and BF16 checkpoints can be converted.");
            }
            long[] shape = [.. info.Shape];
            CheckShape(context, hfName, ggufName, shape);
            ITensorRows rows = new StoredRows(context.Store, info, info.RowCount);
            if (lora.Remove(hfName, out LoraPair? pair))
            {
                rows = new MergedRows(rows, new LoraMerger(context.Adapter!, pair, info.Shape));
            }
            rows = Transform(context, hfName, ggufName, rows);
            if (ggufName is "token_embd.weight" or "output.weight" && shape[0] != context.Vocabulary.Count)
            {
                context.Notes.Add($"{ggufName}: {shape[0]} rows cut to the {context.Vocabulary.Count}-token vocabulary.");
                shape[0] = context.Vocabulary.Count;
                rows = new TruncatedRows(rows, shape[0]);
            }
            planned.Add(context.Plan(ggufName, shape, rows));
        }
        if (lora.Count > 0)
        {
            throw new InvalidDataException($"LoRA module '{lora.Values.First().Module}' has no base weight in the checkpoint.");
        }
        planned.AddRange(ExtraTensors(context));
        CheckComplete(planned, layers);
        return [.. planned.OrderBy(SortKey, StringComparer.Ordinal)];
    }

    /// <summary>Per-tensor transforms after the LoRA merge (Gemma's +1, LLaMA's Q/K permutation).</summary>
    protected virtual ITensorRows Transform(ConversionContext context, string hfName, string ggufName, ITensorRows rows) => rows;

    /// <summary>Tensors not in the main checkpoint (Dense layers, RoPE factors).</summary>
    protected virtual IEnumerable<PlannedTensor> ExtraTensors(ConversionContext context) => [];

    /// <summary>Strips the HF container prefixes; null for tensors of another modality that are skipped.</summary>
    protected virtual string? StripPrefix(string hfName)
    {
        if (hfName.StartsWith("vision_tower.", StringComparison.Ordinal) || hfName.StartsWith("multi_modal_projector.", StringComparison.Ordinal)
            || hfName.StartsWith("model.vision_tower.", StringComparison.Ordinal) || hfName.StartsWith("model.multi_modal_projector.", StringComparison.Ordinal))
        {
            return null;
        }
        foreach (string prefix in (string[])["model.language_model.", "language_model.model.", "language_model.", "model."])
        {
            if (hfName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return hfName[prefix.Length..];
            }
        }
        return hfName;
    }

    /// <summary>The GGUF name of an HF tensor; null when it is dropped.</summary>
    /// <exception cref="InvalidDataException">A tensor the architecture has no place for.</exception>
    protected string? MapName(string hfName, int layers)
    {
        if (s_droppedSuffixes.Any(s => hfName.EndsWith(s, StringComparison.Ordinal)))
        {
            return null;
        }
        string? name = StripPrefix(hfName);
        if (name is null)
        {
            return null;
        }
        switch (name)
        {
            case "embed_tokens.weight": return "token_embd.weight";
            case "norm.weight": return "output_norm.weight";
            case "lm_head.weight": return "output.weight";
            default: break;
        }
        if (hfName == "lm_head.weight")
        {
            return "output.weight";
        }
        Match match = LayerName().Match(name);
        string? mapped = match.Success ? MapLayerPart(match.Groups[2].Value) : null;
        if (mapped is null)
        {
            throw new InvalidDataException($"Tensor '{hfName}' has no {Architecture} GGUF name; this checkpoint has parts llama.cpp's {Architecture} does not load.");
        }
        int layer = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (layer >= layers)
        {
            throw new InvalidDataException($"Tensor '{hfName}' is for layer {layer}, but config.json has {layers} layers.");
        }
        return $"blk.{layer}.{mapped}";
    }

    private string? MapLayerPart(string part)
    {
        string suffix = part.EndsWith(".bias", StringComparison.Ordinal) ? "bias" : "weight";
        string stem = part[..part.LastIndexOf('.')];
        string? mapped = stem switch
        {
            "input_layernorm" => "attn_norm",
            "self_attn.q_proj" => "attn_q",
            "self_attn.k_proj" => "attn_k",
            "self_attn.v_proj" => "attn_v",
            "self_attn.o_proj" => "attn_output",
            "self_attn.q_norm" => "attn_q_norm",
            "self_attn.k_norm" => "attn_k_norm",
            "post_attention_layernorm" => PostAttentionNormName,
            "pre_feedforward_layernorm" => "ffn_norm",
            "post_feedforward_layernorm" => "post_ffw_norm",
            "mlp.gate_proj" => "ffn_gate",
            "mlp.up_proj" => "ffn_up",
            "mlp.down_proj" => "ffn_down",
            _ => null,
        };
        return mapped is null || !(part.EndsWith(".weight", StringComparison.Ordinal) || part.EndsWith(".bias", StringComparison.Ordinal))
            ? null
            : $"{mapped}.{suffix}";
    }

    /// <summary>The PyTorch shape config.json implies for a GGUF tensor, or null when it is not checked.</summary>
    protected virtual long[]? ExpectedShape(ModelConfig config, string ggufName, long vocabRows)
    {
        long e = config.RequireInt("hidden_size");
        long h = config.RequireInt("num_attention_heads");
        long hkv = config.GetInt("num_key_value_heads") ?? h;
        long d = HeadDim(config);
        long f = config.GetInt("intermediate_size") ?? -1;
        string part = ggufName.StartsWith("blk.", StringComparison.Ordinal) ? ggufName[(ggufName.IndexOf('.', 4) + 1)..] : ggufName;
        return part switch
        {
            "token_embd.weight" or "output.weight" => [vocabRows, e],
            "output_norm.weight" or "attn_norm.weight" or "ffn_norm.weight" or "post_attention_norm.weight" or "post_ffw_norm.weight" => [e],
            "attn_q_norm.weight" or "attn_k_norm.weight" => [d],
            "attn_q.weight" => [h * d, e],
            "attn_k.weight" or "attn_v.weight" => [hkv * d, e],
            "attn_q.bias" => [h * d],
            "attn_k.bias" or "attn_v.bias" => [hkv * d],
            "attn_output.weight" => [e, h * d],
            "ffn_gate.weight" or "ffn_up.weight" when f > 0 => [f, e],
            "ffn_down.weight" when f > 0 => [e, f],
            _ => null,
        };
    }

    private void CheckShape(ConversionContext context, string hfName, string ggufName, long[] shape)
    {
        bool vocabTensor = ggufName is "token_embd.weight" or "output.weight";
        long vocabRows = vocabTensor && TruncatesVocabulary && shape.Length == 2 && shape[0] >= context.Vocabulary.Count ? shape[0] : context.Vocabulary.Count;
        if (ExpectedShape(context.Config, ggufName, vocabRows) is long[] expected && !shape.SequenceEqual(expected))
        {
            string what = vocabTensor ? $"config.json and the {context.Vocabulary.Count}-token vocabulary imply" : "config.json implies";
            throw new InvalidDataException($"Tensor '{hfName}' has shape [{string.Join(", ", shape)}]; {what} [{string.Join(", ", expected)}].");
        }
    }

    private void CheckComplete(List<PlannedTensor> planned, int layers)
    {
        var names = planned.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string required in (string[])["token_embd.weight", "output_norm.weight"])
        {
            if (!names.Contains(required))
            {
                throw new InvalidDataException($"The checkpoint has no tensor for {required}; {Architecture} requires it.");
            }
        }
        for (int i = 0; i < layers; i++)
        {
            foreach (string part in RequiredLayerTensors)
            {
                if (!names.Contains($"blk.{i}.{part}"))
                {
                    throw new InvalidDataException($"Layer {i} has no tensor for blk.{i}.{part}; {Architecture} requires it.");
                }
            }
        }
    }

    private static Dictionary<string, LoraPair> MatchLora(ConversionContext context)
    {
        var result = new Dictionary<string, LoraPair>(StringComparer.Ordinal);
        if (context.Adapter is null)
        {
            return result;
        }
        foreach (LoraPair pair in context.Adapter.Pairs)
        {
            string[] candidates = [$"{pair.Module}.weight", $"model.{pair.Module}.weight",
                pair.Module.StartsWith("model.", StringComparison.Ordinal) ? $"{pair.Module[6..]}.weight" : $"{pair.Module}.weight"];
            string? target = candidates.FirstOrDefault(context.Store.Contains)
                ?? throw new InvalidDataException($"LoRA module '{pair.Module}' has no base weight in the checkpoint.");
            result[target] = pair;
        }
        context.Notes.Add($"LoRA adapter merged: {context.Adapter.Pairs.Count} modules, r = {context.Adapter.Rank}, scale = {ModelConfig.Format(context.Adapter.Scale)}.");
        return result;
    }

    private void WriteRopeScaling(ConversionContext context, GgufMetadata metadata)
    {
        JsonObject rope = context.Config.RopeParameters();
        string? type = rope["rope_type"] is JsonValue t && t.TryGetValue(out string? s) ? s : null;
        double? factor = rope["factor"] is JsonValue f && f.GetValueKind() == JsonValueKind.Number ? f.GetValue<double>() : null;
        string a = Architecture;
        switch (type)
        {
            case "linear" when factor is double linear:
                metadata.Set($"{a}.rope.scaling.type", GgufValue.String("linear"));
                metadata.Set($"{a}.rope.scaling.factor", GgufValue.Float32((float)linear));
                break;
            case "yarn" when factor is double yarn:
                metadata.Set($"{a}.rope.scaling.type", GgufValue.String("yarn"));
                metadata.Set($"{a}.rope.scaling.factor", GgufValue.Float32((float)yarn));
                metadata.Set($"{a}.rope.scaling.original_context_length", GgufValue.UInt32((uint)(rope["original_max_position_embeddings"]?.GetValue<int>()
                    ?? throw new InvalidDataException("config.json: yarn rope scaling without original_max_position_embeddings."))));
                break;
            case "su" or "longrope":
                metadata.Set($"{a}.rope.scaling.type", GgufValue.String("longrope"));
                break;
            default:
                break;
        }
    }

    private static string SortKey(PlannedTensor tensor)
    {
        if (tensor.Name.StartsWith("blk.", StringComparison.Ordinal))
        {
            int dot = tensor.Name.IndexOf('.', 4);
            int layer = int.Parse(tensor.Name.AsSpan(4, dot - 4), CultureInfo.InvariantCulture);
            return $"1.{layer:D5}.{tensor.Name[(dot + 1)..]}";
        }
        return tensor.Name switch
        {
            "token_embd.weight" => "0",
            "rope_freqs.weight" => "0.1",
            _ => $"2.{tensor.Name}",
        };
    }

    [GeneratedRegex(@"^layers\.(\d+)\.(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerName();
}

using System.Globalization;
using System.Text.RegularExpressions;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Chooses each tensor's output type and the output order exactly as <c>llama_model_quantize</c> does
/// (llama-quant.cpp: <c>tensor_allows_quantization</c>, <c>llama_tensor_get_type</c>, <c>tensor_type_fallback</c>;
/// llamacpp-notes §7.7), for the mixes in <see cref="GgufQuantizationType"/> and without an importance matrix.
/// </summary>
internal static class QuantizationPlanner
{
    private static readonly string[] s_neverQuantized =
    [
        "_norm.weight", "ffn_gate_inp.weight", "ffn_gate_tid2eid.weight", "altup", "laurel", "per_layer_model_proj",
        "ssm_conv1d", "shortconv.conv.weight", "indexer.k_proj.weight", "indexer.q_proj.weight", "time_mix_first.weight",
        "time_mix_w0.weight", "time_mix_w1.weight", "time_mix_w2.weight", "time_mix_v0.weight", "time_mix_v1.weight",
        "time_mix_v2.weight", "time_mix_a0.weight", "time_mix_a1.weight", "time_mix_a2.weight", "time_mix_g1.weight",
        "time_mix_g2.weight", "time_mix_decay_w1.weight", "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight",
        "attn_rel_b.weight", ".position_embd", "sam.pos_embd", "sam.neck.", "sam.net_", ".rel_pos", ".patch_embd",
        ".patch_merger", "a.rvq.codebook", "mm.a.code_embd",
    ];

    private enum Category { Output, TokenEmbedding, AttentionQkv, AttentionKvB, AttentionV, AttentionK, AttentionQ, AttentionOutput, FfnUp, FfnGate, FfnDown, Other }

    /// <summary>The plan for every tensor of <paramref name="reader"/>, in the order llama.cpp writes them.</summary>
    /// <exception cref="InvalidDataException">The file has no <c>general.architecture</c>.</exception>
    /// <exception cref="ArgumentException">An override pattern is not a valid regular expression.</exception>
    /// <exception cref="NotSupportedException">A chosen type has no shape fallback for a tensor whose rows it does not divide.</exception>
    public static IReadOnlyList<TensorQuantizationPlan> Plan(GgufReader reader, GgufQuantizationType type, bool pure, IReadOnlyList<TensorTypeOverride> overrides)
    {
        string architecture = reader.Metadata.TryGetString("general.architecture")
            ?? throw new InvalidDataException("The GGUF has no general.architecture; llama.cpp cannot quantize it.");
        int layerCount = (int)(reader.Metadata.TryGetUInt32($"{architecture}.block_count") ?? 0);
        var patterns = overrides.Select(o => (Regex: CompilePattern(o.Pattern), o.Type)).ToArray();

        GgufTensorInfo[] ordered = [.. reader.Tensors.OrderBy(t => t.Name, LoaderOrder.Instance)];
        Category[] categories = [.. ordered.Select(t => Categorize(t.Name))];
        var state = new MixState
        {
            Tied = !categories.Contains(Category.Output),
            AttentionVCount = categories.Count(IsAttentionVLike),
            LayerCount = layerCount,
        };

        var plan = new List<TensorQuantizationPlan>(ordered.Length);
        for (int i = 0; i < ordered.Length; i++)
        {
            GgufTensorInfo tensor = ordered[i];
            GgmlType target = AllowsQuantization(tensor)
                ? ChooseType(tensor, categories[i], type, pure, patterns, state)
                : tensor.Type;
            plan.Add(new TensorQuantizationPlan(tensor.Name, tensor.Shape, tensor.Type, target));
        }
        return plan;
    }

    /// <summary>llama.cpp's <c>weight_name_comparer</c>: layer number first (non-layer tensors count as −1), then the name.</summary>
    internal sealed class LoaderOrder : IComparer<string>
    {
        public static readonly LoaderOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            int byLayer = Layer(x!).CompareTo(Layer(y!));
            return byLayer != 0 ? byLayer : string.CompareOrdinal(x, y);
        }

        /// <summary>What <c>sscanf(name, "blk.%d.", &amp;layer)</c> stores, or −1.</summary>
        internal static int Layer(string name)
        {
            const string prefix = "blk.";
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return -1;
            }
            int end = prefix.Length;
            if (end < name.Length && name[end] is '+' or '-')
            {
                end++;
            }
            int digitsStart = end;
            while (end < name.Length && char.IsAsciiDigit(name[end]))
            {
                end++;
            }
            return end > digitsStart && int.TryParse(name.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int layer)
                ? layer
                : -1;
        }
    }

    private static Regex CompilePattern(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.ECMAScript | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Tensor type override pattern '{pattern}' is not a valid regular expression: {ex.Message}", nameof(pattern), ex);
        }
    }

    /// <summary><c>tensor_allows_quantization</c> with llama.cpp's defaults (output quantized, no copy-only mode).</summary>
    private static bool AllowsQuantization(GgufTensorInfo tensor)
    {
        string name = tensor.Name;
        return Dimensions(tensor.Shape) >= 2
            && name.EndsWith("weight", StringComparison.Ordinal)
            && !s_neverQuantized.Any(fragment => name.Contains(fragment, StringComparison.Ordinal))
            && name is not ("position_embd.weight" or "token_types.weight");
    }

    /// <summary><c>ggml_n_dims</c>: trailing dimensions of 1 do not count.</summary>
    private static int Dimensions(IReadOnlyList<long> shape)
    {
        int n = shape.Count;
        while (n > 1 && shape[n - 1] == 1)
        {
            n--;
        }
        return n;
    }

    private static GgmlType ChooseType(GgufTensorInfo tensor, Category category, GgufQuantizationType type, bool pure, (Regex Regex, GgmlType Type)[] patterns, MixState state)
    {
        GgmlType chosen = GgufQuantizationTypes.BaseType(type);
        if (!GgufQuantizationTypes.IsQuantized(chosen))
        {
            return chosen; // F16/BF16 mixes convert every quantizable tensor, with no rules and no overrides
        }
        bool manual = false;
        foreach ((Regex regex, GgmlType overrideType) in patterns)
        {
            if (regex.IsMatch(tensor.Name))
            {
                chosen = overrideType;
                manual = true;
                break;
            }
        }
        if (!manual && !pure)
        {
            chosen = ApplyMix(tensor, category, chosen, type, state);
        }
        return Fallback(tensor, chosen);
    }

    /// <summary>The part of <c>llama_tensor_get_type_impl</c> that applies to our mixes (no MoE, Falcon or 70B rules).</summary>
    private static GgmlType ApplyMix(GgufTensorInfo tensor, Category category, GgmlType chosen, GgufQuantizationType type, MixState state)
    {
        bool kMix = type is GgufQuantizationType.Q4_K_M or GgufQuantizationType.Q5_K_M;
        if (category == Category.Output || (state.Tied && category == Category.TokenEmbedding))
        {
            long rowLength = tensor.Shape[0];
            if (rowLength % GgmlTypeInfo.BlockSize(chosen) != 0)
            {
                return GgmlType.Q8_0;
            }
            return chosen != GgmlType.Q8_0 ? GgmlType.Q6_K : chosen;
        }
        switch (category)
        {
            case Category.TokenEmbedding:
                return chosen;
            case Category.AttentionV or Category.AttentionQkv or Category.AttentionKvB:
                if (kMix && UseMoreBits(state.AttentionVSeen, state.AttentionVCount))
                {
                    chosen = GgmlType.Q6_K;
                }
                state.AttentionVSeen++;
                return chosen;
            case Category.FfnDown:
                if (kMix && UseMoreBits(state.FfnDownSeen, state.LayerCount))
                {
                    chosen = GgmlType.Q6_K;
                }
                state.FfnDownSeen++;
                return chosen;
            default:
                return chosen;
        }
    }

    /// <summary>llama.cpp's <c>use_more_bits</c>: the first and last eighth of the layers, and every third in between.</summary>
    private static bool UseMoreBits(int layer, int layers) =>
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;

    /// <summary><c>tensor_type_fallback</c>: a type whose block does not divide the rows steps down, then to F16.</summary>
    private static GgmlType Fallback(GgufTensorInfo tensor, GgmlType chosen)
    {
        long rowLength = tensor.Shape[0];
        int block = GgmlTypeInfo.BlockSize(chosen);
        if (rowLength % block == 0)
        {
            return chosen;
        }
        GgmlType fallback = chosen switch
        {
            GgmlType.IQ1_S or GgmlType.IQ1_M or GgmlType.IQ2_XXS or GgmlType.IQ2_XS or GgmlType.IQ2_S or GgmlType.IQ3_XXS
                or GgmlType.IQ3_S or GgmlType.IQ4_XS => GgmlType.IQ4_NL,
            GgmlType.Q2_0 or GgmlType.Q2_K or GgmlType.Q3_K or GgmlType.TQ1_0 or GgmlType.TQ2_0 => GgmlType.Q4_0,
            GgmlType.Q4_K => GgmlType.Q5_0,
            GgmlType.Q5_K => GgmlType.Q5_1,
            GgmlType.Q6_K => GgmlType.Q8_0,
            _ when block <= 32 => chosen,
            _ => throw new NotSupportedException($"Tensor '{tensor.Name}': rows of {rowLength} values do not fit {chosen} blocks of {block}, and llama.cpp defines no fallback for {chosen}."),
        };
        return rowLength % GgmlTypeInfo.BlockSize(fallback) == 0 ? fallback : GgmlType.F16;
    }

    private static bool IsAttentionVLike(Category category) =>
        category is Category.AttentionV or Category.AttentionQkv or Category.AttentionKvB;

    /// <summary><c>tensor_get_category</c>: the first rule that matches the name.</summary>
    private static Category Categorize(string name) => name switch
    {
        "output.weight" => Category.Output,
        "token_embd.weight" or "per_layer_token_embd.weight" => Category.TokenEmbedding,
        _ when name.Contains("attn_qkv.weight", StringComparison.Ordinal) => Category.AttentionQkv,
        _ when name.Contains("attn_kv_b.weight", StringComparison.Ordinal) => Category.AttentionKvB,
        _ when name.Contains("attn_v.weight", StringComparison.Ordinal) => Category.AttentionV,
        _ when name.Contains("attn_k.weight", StringComparison.Ordinal) => Category.AttentionK,
        _ when name.Contains("attn_q.weight", StringComparison.Ordinal) => Category.AttentionQ,
        _ when name.Contains("attn_output.weight", StringComparison.Ordinal) => Category.AttentionOutput,
        _ when name.Contains("ffn_up", StringComparison.Ordinal) => Category.FfnUp,
        _ when name.Contains("ffn_gate", StringComparison.Ordinal) => Category.FfnGate,
        _ when name.Contains("ffn_down", StringComparison.Ordinal) => Category.FfnDown,
        _ => Category.Other,
    };

    /// <summary>The counters llama.cpp keeps while it walks the tensors (they advance only when the mix rules run).</summary>
    private sealed class MixState
    {
        public bool Tied { get; init; }
        public int AttentionVCount { get; init; }
        public int LayerCount { get; init; }
        public int AttentionVSeen { get; set; }
        public int FfnDownSeen { get; set; }
    }
}

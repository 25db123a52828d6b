namespace LlamaEmbed.Gguf;

/// <summary>
/// The tensors llama.cpp creates for each supported architecture (<c>load_arch_tensors</c>), with the shapes it
/// checks, so a file can be compared before the native loader sees it.
/// </summary>
internal static class GgufTensorExpectations
{
    /// <summary>One tensor llama.cpp looks for: its name, ggml-order shape, and whether it must exist.</summary>
    internal readonly record struct Expected(string Name, long[] Shape, bool Required);

    /// <summary>
    /// Builds the expected tensor list. <paramref name="present"/> decides between the fused <c>attn_qkv</c> and
    /// separate Q/K/V forms the way llama.cpp does (fused wins when its weight exists).
    /// </summary>
    public static List<Expected> For(GgufHyperparameters hp, long vocab, IReadOnlySet<string> present)
    {
        long e = hp.EmbeddingLength;
        long ff = hp.FeedForwardLength;
        bool qwen = hp.Architecture == "qwen2";
        long nq = qwen ? e : hp.KeyLength * hp.HeadCount;
        long nk = qwen ? hp.ValueLength * hp.HeadCountKv : hp.KeyLength * hp.HeadCountKv;
        long nv = hp.ValueLength * hp.HeadCountKv;
        var list = new List<Expected>
        {
            new("token_embd.weight", [e, vocab], true),
            new("output_norm.weight", [e], true),
            new("output.weight", [e, vocab], false),
        };
        if (qwen)
        {
            list.Add(new("output.bias", [vocab], false));
        }
        if (hp.Architecture == "gemma-embedding")
        {
            list.Add(new("dense_2.weight", [e, hp.Dense2FeatOut], false));
            list.Add(new("dense_3.weight", [hp.Dense3FeatIn, e], false));
        }
        if (hp.Architecture == "llama")
        {
            if (hp.RopeScalingType == "longrope")
            {
                list.Add(new("rope_factors_long.weight", [hp.RopeDimensions / 2], false));
                list.Add(new("rope_factors_short.weight", [hp.RopeDimensions / 2], false));
            }
            else
            {
                list.Add(new("rope_freqs.weight", [hp.RopeDimensions / 2], false));
            }
        }
        for (int i = 0; i < hp.BlockCount; i++)
        {
            string b = $"blk.{i}.";
            list.Add(new(b + "attn_norm.weight", [e], true));
            AddAttention(list, b, e, nq, nk, nv, present);
            list.Add(new(b + "attn_output.weight", [qwen ? e : nq, e], true));
            list.Add(new(b + "attn_output.scale", [1], false));
            list.Add(new(b + "ffn_norm.weight", [e], true));
            list.Add(new(b + "ffn_gate.weight", [e, ff], true));
            list.Add(new(b + "ffn_up.weight", [e, ff], true));
            list.Add(new(b + "ffn_down.weight", [ff, e], true));
            foreach (string ffn in (string[])["ffn_gate", "ffn_up", "ffn_down"])
            {
                list.Add(new(b + ffn + ".scale", [1], false));
            }
            if (hp.IsGemma)
            {
                list.Add(new(b + "post_attention_norm.weight", [e], true));
                list.Add(new(b + "attn_k_norm.weight", [hp.KeyLength], true));
                list.Add(new(b + "attn_q_norm.weight", [hp.KeyLength], true));
                list.Add(new(b + "post_ffw_norm.weight", [e], true));
            }
            if (hp.Architecture == "llama")
            {
                list.Add(new(b + "attn_output.bias", [e], false));
                list.Add(new(b + "ffn_gate.bias", [ff], false));
                list.Add(new(b + "ffn_down.bias", [e], false));
                list.Add(new(b + "ffn_up.bias", [ff], false));
            }
        }
        return list;
    }

    private static void AddAttention(List<Expected> list, string b, long e, long nq, long nk, long nv, IReadOnlySet<string> present)
    {
        if (present.Contains(b + "attn_qkv.weight"))
        {
            list.Add(new(b + "attn_qkv.weight", [e, nq + nk + nv], true));
            list.Add(new(b + "attn_qkv.bias", [nq + nk + nv], false));
            list.Add(new(b + "attn_qkv.scale", [1], false));
            if (present.Contains(b + "attn_qkv.bias"))
            {
                return;
            }
        }
        else
        {
            list.Add(new(b + "attn_q.weight", [e, nq], true));
            list.Add(new(b + "attn_k.weight", [e, nk], true));
            list.Add(new(b + "attn_v.weight", [e, nv], true));
            list.Add(new(b + "attn_q.scale", [1], false));
            list.Add(new(b + "attn_k.scale", [1], false));
            list.Add(new(b + "attn_v.scale", [1], false));
        }
        list.Add(new(b + "attn_q.bias", [nq], false));
        list.Add(new(b + "attn_k.bias", [nk], false));
        list.Add(new(b + "attn_v.bias", [nv], false));
    }

    /// <summary>True when <paramref name="actual"/> equals <paramref name="expected"/> with missing dimensions read as 1.</summary>
    public static bool ShapeMatches(IReadOnlyList<long> actual, long[] expected)
    {
        for (int d = 0; d < GgufConstants.MaxDimensions; d++)
        {
            long a = d < actual.Count ? actual[d] : 1;
            long x = d < expected.Length ? expected[d] : 1;
            if (a != x)
            {
                return false;
            }
        }
        return true;
    }
}

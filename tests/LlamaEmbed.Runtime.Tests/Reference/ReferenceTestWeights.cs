using LlamaEmbed.Synthetic.Reference;

namespace LlamaEmbed.Tests.Reference;

/// <summary>Random weights by GGUF tensor name for a <see cref="GemmaReferenceConfig"/>, for tests of the reference alone.</summary>
internal static class ReferenceTestWeights
{
    /// <summary>
    /// Linear weights uniform with unit output variance, norm weights 1 + U(−0.3, 0.3) as GGUF stores them (or the
    /// bare U(−0.3, 0.3) part with <paramref name="huggingFaceNorms"/>), embeddings U(−0.05, 0.05).
    /// </summary>
    public static Dictionary<string, float[]> Create(GemmaReferenceConfig c, int vocabulary, int seed, bool huggingFaceNorms = false)
    {
        var random = new Random(seed);
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        float normOffset = huggingFaceNorms ? 0f : 1f;
        float[] Uniform(long count, float scale, float offset = 0)
        {
            var values = new float[count];
            for (long i = 0; i < count; i++)
            {
                values[i] = offset + scale * (float)(random.NextDouble() * 2 - 1);
            }
            return values;
        }
        float[] Linear(int rows, int cols) => Uniform((long)rows * cols, MathF.Sqrt(3f / cols));
        float[] Norm(int n) => Uniform(n, 0.3f, normOffset);

        int e = c.EmbeddingLength;
        tensors["token_embd.weight"] = Uniform((long)vocabulary * e, 0.05f);
        tensors["output_norm.weight"] = Norm(e);
        if (c.Dense2FeatureOut > 0)
        {
            tensors["dense_2.weight"] = Linear(c.Dense2FeatureOut, e);
            tensors["dense_3.weight"] = Linear(e, c.Dense3FeatureIn);
        }
        for (int il = 0; il < c.BlockCount; il++)
        {
            string p = $"blk.{il}.";
            tensors[p + "attn_norm.weight"] = Norm(e);
            tensors[p + "attn_q.weight"] = Linear(c.HeadCount * c.KeyLength, e);
            tensors[p + "attn_k.weight"] = Linear(c.HeadCountKv * c.KeyLength, e);
            tensors[p + "attn_v.weight"] = Linear(c.HeadCountKv * c.ValueLength, e);
            tensors[p + "attn_q_norm.weight"] = Norm(c.KeyLength);
            tensors[p + "attn_k_norm.weight"] = Norm(c.KeyLength);
            tensors[p + "attn_output.weight"] = Linear(e, c.HeadCount * c.ValueLength);
            tensors[p + "post_attention_norm.weight"] = Norm(e);
            tensors[p + "ffn_norm.weight"] = Norm(e);
            tensors[p + "ffn_gate.weight"] = Linear(c.FeedForwardLength, e);
            tensors[p + "ffn_up.weight"] = Linear(c.FeedForwardLength, e);
            tensors[p + "ffn_down.weight"] = Linear(e, c.FeedForwardLength);
            tensors[p + "post_ffw_norm.weight"] = Norm(e);
        }
        return tensors;
    }

    /// <summary>A small gemma-embedding configuration: E 32, 6 blocks (block 5 global), 4 query heads over 2 KV heads, window 8.</summary>
    public static GemmaReferenceConfig TinyEmbedding(bool dense = false) => new()
    {
        Architecture = GemmaReferenceArchitecture.GemmaEmbedding,
        EmbeddingLength = 32,
        BlockCount = 6,
        HeadCount = 4,
        HeadCountKv = 2,
        KeyLength = 8,
        ValueLength = 8,
        FeedForwardLength = 48,
        RopeFreqBase = 1e6,
        SlidingWindow = 8,
        SlidingWindowKind = GemmaSlidingWindowKind.Symmetric,
        Dense2FeatureOut = dense ? 64 : 0,
        Dense3FeatureIn = dense ? 64 : 0,
    };
}

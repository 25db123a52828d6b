using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// The tensors each architecture's loader creates (notes §5), with the names and ggml-order shapes
/// <c>convert_hf_to_gguf</c> writes: matrices in the weight type, norms and biases in F32.
/// </summary>
public static class SyntheticTensorLayout
{
    /// <summary>The tensors of <paramref name="spec"/> in file order, for a vocabulary of <paramref name="vocabularySize"/> tokens.</summary>
    public static IReadOnlyList<SyntheticTensor> For(SyntheticModelSpec spec, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long e = spec.EmbeddingLength;
        long d = spec.HeadDim;
        long q = spec.HeadCount * d;
        long kv = spec.HeadCountKv * d;
        long f = spec.FeedForwardLength;
        GgmlType w = spec.WeightType;
        bool gemma = spec.Architecture.IsGemma();
        var tensors = new List<SyntheticTensor>
        {
            new("token_embd.weight", w, [e, vocabularySize], SyntheticTensorRole.TokenEmbedding),
        };
        for (int i = 0; i < spec.LayerCount; i++)
        {
            string p = $"blk.{i}.";
            tensors.Add(new(p + "attn_norm.weight", GgmlType.F32, [e], SyntheticTensorRole.Norm));
            tensors.Add(new(p + "attn_q.weight", w, [e, q], SyntheticTensorRole.Weight));
            tensors.Add(new(p + "attn_k.weight", w, [e, kv], SyntheticTensorRole.Weight));
            tensors.Add(new(p + "attn_v.weight", w, [e, kv], SyntheticTensorRole.Weight));
            if (spec.HasAttentionBiases)
            {
                tensors.Add(new(p + "attn_q.bias", GgmlType.F32, [q], SyntheticTensorRole.Bias));
                tensors.Add(new(p + "attn_k.bias", GgmlType.F32, [kv], SyntheticTensorRole.Bias));
                tensors.Add(new(p + "attn_v.bias", GgmlType.F32, [kv], SyntheticTensorRole.Bias));
            }
            if (gemma)
            {
                tensors.Add(new(p + "attn_q_norm.weight", GgmlType.F32, [d], SyntheticTensorRole.Norm));
                tensors.Add(new(p + "attn_k_norm.weight", GgmlType.F32, [d], SyntheticTensorRole.Norm));
            }
            tensors.Add(new(p + "attn_output.weight", w, [q, e], SyntheticTensorRole.Weight));
            if (gemma)
            {
                tensors.Add(new(p + "post_attention_norm.weight", GgmlType.F32, [e], SyntheticTensorRole.Norm));
            }
            tensors.Add(new(p + "ffn_norm.weight", GgmlType.F32, [e], SyntheticTensorRole.Norm));
            tensors.Add(new(p + "ffn_gate.weight", w, [e, f], SyntheticTensorRole.Weight));
            tensors.Add(new(p + "ffn_up.weight", w, [e, f], SyntheticTensorRole.Weight));
            tensors.Add(new(p + "ffn_down.weight", w, [f, e], SyntheticTensorRole.Weight));
            if (gemma)
            {
                tensors.Add(new(p + "post_ffw_norm.weight", GgmlType.F32, [e], SyntheticTensorRole.Norm));
            }
        }
        tensors.Add(new("output_norm.weight", GgmlType.F32, [e], SyntheticTensorRole.Norm));
        if (!spec.TiedOutput && spec.Architecture != SyntheticArchitecture.GemmaEmbedding)
        {
            tensors.Add(new("output.weight", w, [e, vocabularySize], SyntheticTensorRole.OutputHead));
        }
        if (spec.DenseFeatures is int dense)
        {
            tensors.Add(new("dense_2.weight", w, [e, dense], SyntheticTensorRole.Weight));
            tensors.Add(new("dense_3.weight", w, [dense, e], SyntheticTensorRole.Weight));
        }
        return tensors;
    }
}

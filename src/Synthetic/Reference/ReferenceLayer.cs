namespace LlamaEmbed.Synthetic.Reference;

/// <summary>One transformer block's weights and its forward pass over one text.</summary>
internal sealed class ReferenceLayer
{
    private float[] _attnNorm = [];
    private float[] _q = [];
    private float[] _k = [];
    private float[] _v = [];
    private float[] _qNorm = [];
    private float[] _kNorm = [];
    private float[] _output = [];
    private float[] _postAttentionNorm = [];
    private float[] _ffnNorm = [];
    private float[] _gate = [];
    private float[] _up = [];
    private float[] _down = [];
    private float[] _postFfwNorm = [];

    public static ReferenceLayer Load(GemmaReferenceConfig c, Func<string, float[]?> tensors, int il)
    {
        int e = c.EmbeddingLength;
        int qRows = c.HeadCount * c.KeyLength;
        int kRows = c.HeadCountKv * c.KeyLength;
        int vRows = c.HeadCountKv * c.ValueLength;
        string p = $"blk.{il}.";
        var layer = new ReferenceLayer
        {
            _attnNorm = GemmaReferenceModel.Require(tensors, p + "attn_norm.weight", e),
            _qNorm = GemmaReferenceModel.Require(tensors, p + "attn_q_norm.weight", c.KeyLength),
            _kNorm = GemmaReferenceModel.Require(tensors, p + "attn_k_norm.weight", c.KeyLength),
            _output = GemmaReferenceModel.Require(tensors, p + "attn_output.weight", (long)c.HeadCount * c.ValueLength * e),
            _postAttentionNorm = GemmaReferenceModel.Require(tensors, p + "post_attention_norm.weight", e),
            _ffnNorm = GemmaReferenceModel.Require(tensors, p + "ffn_norm.weight", e),
            _gate = GemmaReferenceModel.Require(tensors, p + "ffn_gate.weight", (long)c.FeedForwardLength * e),
            _up = GemmaReferenceModel.Require(tensors, p + "ffn_up.weight", (long)c.FeedForwardLength * e),
            _down = GemmaReferenceModel.Require(tensors, p + "ffn_down.weight", (long)e * c.FeedForwardLength),
            _postFfwNorm = GemmaReferenceModel.Require(tensors, p + "post_ffw_norm.weight", e),
        };
        if (tensors(p + "attn_qkv.weight") is { } fused)
        {
            // A fused projection stacks the Q, K and V rows in that order.
            if (fused.Length != (long)(qRows + kRows + vRows) * e)
            {
                throw new InvalidDataException($"Tensor '{p}attn_qkv.weight' has {fused.Length} values; the configuration needs {(long)(qRows + kRows + vRows) * e}.");
            }
            layer._q = fused[..(qRows * e)];
            layer._k = fused[(qRows * e)..((qRows + kRows) * e)];
            layer._v = fused[((qRows + kRows) * e)..];
        }
        else
        {
            layer._q = GemmaReferenceModel.Require(tensors, p + "attn_q.weight", (long)qRows * e);
            layer._k = GemmaReferenceModel.Require(tensors, p + "attn_k.weight", (long)kRows * e);
            layer._v = GemmaReferenceModel.Require(tensors, p + "attn_v.weight", (long)vRows * e);
        }
        return layer;
    }

    /// <summary>Runs the block on one text's states (token t at position t) and returns the new states.</summary>
    public double[][] Forward(GemmaReferenceConfig c, int il, double[][] x, double normOffset)
    {
        int n = x.Length;
        int e = c.EmbeddingLength;
        int dk = c.KeyLength;
        int dv = c.ValueLength;
        bool sliding = c.IsSlidingLayer(il);
        double ropeBase = sliding ? c.RopeFreqBaseSliding : c.RopeFreqBase;
        double ropeScale = sliding ? 1.0 : c.RopeFreqScale;

        var q = new double[n][];
        var k = new double[n][];
        var v = new double[n][];
        for (int t = 0; t < n; t++)
        {
            double[] normed = ReferenceMath.RmsNorm(x[t], _attnNorm, normOffset, c.RmsEpsilon);
            q[t] = ReferenceMath.MatVec(_q, c.HeadCount * dk, e, normed);
            k[t] = ReferenceMath.MatVec(_k, c.HeadCountKv * dk, e, normed);
            v[t] = ReferenceMath.MatVec(_v, c.HeadCountKv * dv, e, normed);
            NormAndRotateHeads(q[t], c.HeadCount, _qNorm, c, normOffset, t, ropeBase, ropeScale);
            NormAndRotateHeads(k[t], c.HeadCountKv, _kNorm, c, normOffset, t, ropeBase, ropeScale);
            for (int i = 0; i < q[t].Length; i++)
            {
                q[t][i] *= c.AttentionScale;
            }
        }

        int group = c.HeadCount / c.HeadCountKv;
        var result = new double[n][];
        var scores = new double[n];
        for (int t = 0; t < n; t++)
        {
            var attended = new double[c.HeadCount * dv];
            for (int h = 0; h < c.HeadCount; h++)
            {
                int kvHead = h / group;
                ReadOnlySpan<double> qh = q[t].AsSpan(h * dk, dk);
                for (int s = 0; s < n; s++)
                {
                    scores[s] = c.Attends(il, t, s) ? Dot(qh, k[s].AsSpan(kvHead * dk, dk)) : double.NegativeInfinity;
                }
                ReferenceMath.Softmax(scores);
                for (int s = 0; s < n; s++)
                {
                    for (int d = 0; d < dv; d++)
                    {
                        attended[h * dv + d] += scores[s] * v[s][kvHead * dv + d];
                    }
                }
            }
            double[] projected = ReferenceMath.MatVec(_output, e, c.HeadCount * dv, attended);
            double[] attentionOut = ReferenceMath.RmsNorm(projected, _postAttentionNorm, normOffset, c.RmsEpsilon);
            double[] residual = Add(attentionOut, x[t]);

            double[] ffnIn = ReferenceMath.RmsNorm(residual, _ffnNorm, normOffset, c.RmsEpsilon);
            double[] gate = ReferenceMath.MatVec(_gate, c.FeedForwardLength, e, ffnIn);
            double[] up = ReferenceMath.MatVec(_up, c.FeedForwardLength, e, ffnIn);
            for (int i = 0; i < gate.Length; i++)
            {
                gate[i] = ReferenceMath.GeluTanh(gate[i]) * up[i];
            }
            double[] down = ReferenceMath.MatVec(_down, e, c.FeedForwardLength, gate);
            result[t] = Add(ReferenceMath.RmsNorm(down, _postFfwNorm, normOffset, c.RmsEpsilon), residual);
        }
        return result;
    }

    private static void NormAndRotateHeads(double[] heads, int count, float[] norm, GemmaReferenceConfig c, double normOffset, int position, double ropeBase, double ropeScale)
    {
        int dk = c.KeyLength;
        for (int h = 0; h < count; h++)
        {
            Span<double> head = heads.AsSpan(h * dk, dk);
            ReferenceMath.RmsNorm(head, norm, normOffset, c.RmsEpsilon).CopyTo(head);
            ReferenceMath.RopeNeox(head, c.RotatedDimensions, position, ropeBase, ropeScale);
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double[] Add(double[] a, double[] b)
    {
        var sum = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}

namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>
/// A double-precision forward pass of a Qwen2 / Llama decoder by Hugging Face's conventions, straight from the HF
/// tensors: RMSNorm × w, Q/K/V (+ biases), rotate-half RoPE on the unpermuted weights (with Llama-3.1's frequency
/// scaling when configured), causal GQA attention with scale 1/√d, SwiGLU MLP, final norm, mean pooling.
/// </summary>
public sealed class DecoderReference(HfCheckpoint checkpoint)
{
    private readonly Dictionary<string, TestTensor> _t = checkpoint.Tensors;

    public double[] MeanPooled(IReadOnlyList<int> tokens)
    {
        var config = checkpoint.Config;
        int e = checkpoint.Hidden;
        int h = config["num_attention_heads"]!.GetValue<int>();
        int hkv = config["num_key_value_heads"]!.GetValue<int>();
        int d = e / h;
        int f = config["intermediate_size"]!.GetValue<int>();
        double eps = config["rms_norm_eps"]!.GetValue<double>();
        double[] invFreq = InverseFrequencies(d);
        int n = tokens.Count;
        var x = new double[n][];
        float[] embed = _t["model.embed_tokens.weight"].Values;
        for (int t = 0; t < n; t++)
        {
            x[t] = embed.AsSpan(tokens[t] * e, e).ToArray().Select(v => (double)v).ToArray();
        }
        for (int l = 0; l < checkpoint.Layers; l++)
        {
            string p = $"model.layers.{l}.";
            var q = new double[n][];
            var k = new double[n][];
            var v = new double[n][];
            for (int t = 0; t < n; t++)
            {
                double[] hn = Norm(x[t], _t[p + "input_layernorm.weight"].Values, eps);
                q[t] = Rope(Linear(p + "self_attn.q_proj", hn, h * d), h, d, t, invFreq);
                k[t] = Rope(Linear(p + "self_attn.k_proj", hn, hkv * d), hkv, d, t, invFreq);
                v[t] = Linear(p + "self_attn.v_proj", hn, hkv * d);
            }
            for (int t = 0; t < n; t++)
            {
                var attention = new double[h * d];
                for (int head = 0; head < h; head++)
                {
                    int kvHead = head / (h / hkv);
                    var scores = new double[t + 1];
                    for (int s = 0; s <= t; s++)
                    {
                        double dot = 0;
                        for (int i = 0; i < d; i++)
                        {
                            dot += q[t][(head * d) + i] * k[s][(kvHead * d) + i];
                        }
                        scores[s] = dot / Math.Sqrt(d);
                    }
                    double max = scores.Max();
                    double sum = scores.Sum(sc => Math.Exp(sc - max));
                    for (int s = 0; s <= t; s++)
                    {
                        double weight = Math.Exp(scores[s] - max) / sum;
                        for (int i = 0; i < d; i++)
                        {
                            attention[(head * d) + i] += weight * v[s][(kvHead * d) + i];
                        }
                    }
                }
                double[] o = Linear(p + "self_attn.o_proj", attention, e);
                for (int i = 0; i < e; i++)
                {
                    x[t][i] += o[i];
                }
                double[] hn = Norm(x[t], _t[p + "post_attention_layernorm.weight"].Values, eps);
                double[] gate = Linear(p + "mlp.gate_proj", hn, f);
                double[] up = Linear(p + "mlp.up_proj", hn, f);
                var act = new double[f];
                for (int i = 0; i < f; i++)
                {
                    act[i] = gate[i] / (1 + Math.Exp(-gate[i])) * up[i];
                }
                double[] down = Linear(p + "mlp.down_proj", act, e);
                for (int i = 0; i < e; i++)
                {
                    x[t][i] += down[i];
                }
            }
        }
        var pooled = new double[e];
        for (int t = 0; t < n; t++)
        {
            double[] final = Norm(x[t], _t["model.norm.weight"].Values, eps);
            for (int i = 0; i < e; i++)
            {
                pooled[i] += final[i] / n;
            }
        }
        return pooled;
    }

    private double[] InverseFrequencies(int d)
    {
        var config = checkpoint.Config;
        double theta = config["rope_theta"]!.GetValue<double>();
        var inv = new double[d / 2];
        for (int i = 0; i < inv.Length; i++)
        {
            inv[i] = 1.0 / Math.Pow(theta, 2.0 * i / d);
        }
        if (config["rope_scaling"] is System.Text.Json.Nodes.JsonObject scaling && scaling["rope_type"]!.GetValue<string>() == "llama3")
        {
            double factor = scaling["factor"]!.GetValue<double>();
            double low = scaling["low_freq_factor"]!.GetValue<double>();
            double high = scaling["high_freq_factor"]!.GetValue<double>();
            double old = scaling["original_max_position_embeddings"]!.GetValue<int>();
            for (int i = 0; i < inv.Length; i++)
            {
                double wavelength = 2 * Math.PI / inv[i];
                if (wavelength > old / low)
                {
                    inv[i] /= factor;
                }
                else if (wavelength >= old / high)
                {
                    double smooth = ((old / wavelength) - low) / (high - low);
                    inv[i] = ((1 - smooth) * inv[i] / factor) + (smooth * inv[i]);
                }
            }
        }
        return inv;
    }

    private static double[] Rope(double[] x, int heads, int d, int position, double[] invFreq)
    {
        var result = (double[])x.Clone();
        int half = d / 2;
        for (int head = 0; head < heads; head++)
        {
            for (int i = 0; i < half; i++)
            {
                double angle = position * invFreq[i];
                double a = x[(head * d) + i];
                double b = x[(head * d) + i + half];
                result[(head * d) + i] = (a * Math.Cos(angle)) - (b * Math.Sin(angle));
                result[(head * d) + i + half] = (b * Math.Cos(angle)) + (a * Math.Sin(angle));
            }
        }
        return result;
    }

    private double[] Linear(string module, double[] input, int outputs)
    {
        float[] w = _t[module + ".weight"].Values;
        float[]? b = _t.TryGetValue(module + ".bias", out TestTensor? bias) ? bias.Values : null;
        var result = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double sum = b?[o] ?? 0;
            for (int i = 0; i < input.Length; i++)
            {
                sum += w[(o * input.Length) + i] * input[i];
            }
            result[o] = sum;
        }
        return result;
    }

    private static double[] Norm(double[] x, float[] w, double eps)
    {
        double mean = x.Sum(v => v * v) / x.Length;
        double scale = 1 / Math.Sqrt(mean + eps);
        return x.Select((v, i) => v * scale * w[i]).ToArray();
    }
}

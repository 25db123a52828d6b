using System.Text.Json;
using System.Text.Json.Nodes;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// Llama and Mistral (rank1-llama3-8b, rank1-mistral-2501-24b), written as <c>llama</c>. As llama.cpp's
/// <c>LlamaModel</c>: Q and K rows (and biases) permuted per head from HF's rotate-half layout to the interleaved
/// pairs ggml's normal RoPE rotates, <c>llama.vocab_size</c> and <c>llama.rope.dimension_count</c>, and for
/// Llama-3.1's <c>llama3</c> RoPE the <c>rope_freqs.weight</c> factors computed from config.json.
/// </summary>
internal sealed class LlamaConverter : DecoderConverter
{
    public override string Architecture => "llama";

    public override void WriteHyperparameters(ConversionContext context, GgufMetadata metadata)
    {
        base.WriteHyperparameters(context, metadata);
        metadata.Set("llama.vocab_size", GgufValue.UInt32((uint)(context.Config.GetInt("vocab_size") ?? context.Vocabulary.Count)));
        metadata.Set("llama.rope.dimension_count", GgufValue.UInt32((uint)HeadDim(context.Config)));
        if (TokenizerConfig.Load(Path.Combine(context.Checkpoint.Directory, "tokenizer_config.json")).AddPrefixSpace is bool addPrefixSpace)
        {
            context.Vocabulary.AddSpacePrefix = addPrefixSpace;
        }
    }

    protected override ITensorRows Transform(ConversionContext context, string hfName, string ggufName, ITensorRows rows)
    {
        int heads = context.Config.RequireInt("num_attention_heads");
        int kvHeads = context.Config.GetInt("num_key_value_heads") ?? heads;
        if (hfName.EndsWith("q_proj.weight", StringComparison.Ordinal) || hfName.EndsWith("q_proj.bias", StringComparison.Ordinal))
        {
            return new PermutedRows(AsRows(rows), heads);
        }
        if (hfName.EndsWith("k_proj.weight", StringComparison.Ordinal) || hfName.EndsWith("k_proj.bias", StringComparison.Ordinal))
        {
            return new PermutedRows(AsRows(rows), kvHeads);
        }
        return rows;
    }

    protected override IEnumerable<PlannedTensor> ExtraTensors(ConversionContext context)
    {
        JsonObject rope = context.Config.RopeParameters();
        if (!string.Equals(rope["rope_type"]?.GetValue<string>(), "llama3", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }
        float[] factors = Llama3RopeFactors(rope, HeadDim(context.Config));
        yield return context.Plan("rope_freqs.weight", [factors.Length], new ArrayRows(factors, factors.Length));
    }

    /// <summary>Llama-3.1's frequency-dependent RoPE scaling factors, one per rotary pair (llama.cpp's converter's formula).</summary>
    internal static float[] Llama3RopeFactors(JsonObject rope, int dim)
    {
        double Number(string key, double fallback) =>
            rope[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : fallback;
        double theta = Number("rope_theta", 10000.0);
        double factor = Number("factor", 8.0);
        double low = Number("low_freq_factor", 1.0);
        double high = Number("high_freq_factor", 4.0);
        double oldContext = Number("original_max_position_embeddings", 8192);
        double lowWavelength = oldContext / low;
        double highWavelength = oldContext / high;
        var factors = new float[dim / 2];
        for (int i = 0; i < factors.Length; i++)
        {
            float frequency = (float)(1.0 / Math.Pow(theta, (float)(2 * i) / dim));
            double wavelength = 2 * Math.PI / frequency;
            if (wavelength < highWavelength)
            {
                factors[i] = 1;
            }
            else if (wavelength > lowWavelength)
            {
                factors[i] = (float)factor;
            }
            else
            {
                double smooth = ((oldContext / wavelength) - low) / (high - low);
                factors[i] = (float)(1 / (((1 - smooth) / factor) + smooth));
            }
        }
        return factors;
    }

    /// <summary>A bias is one row; permuting it needs one value per row.</summary>
    private static ITensorRows AsRows(ITensorRows rows) => rows.Rows == 1 ? new ColumnRows(rows) : rows;

    /// <summary>A 1-D tensor seen as a column (one value per row), so that row permutation applies to its elements.</summary>
    private sealed class ColumnRows(ITensorRows vector) : ITensorRows
    {
        public long Rows => vector.RowLength;

        public int RowLength => 1;

        public void Read(long firstRow, Span<float> destination)
        {
            var all = new float[vector.RowLength];
            vector.Read(0, all);
            all.AsSpan(checked((int)firstRow), destination.Length).CopyTo(destination);
        }
    }
}

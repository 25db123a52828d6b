using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;
using LlamaEmbed.Tests.Conversion.Support;
using Xunit;

namespace LlamaEmbed.Tests.Conversion;

/// <summary>Qwen2 and Llama conversions read back from the written GGUF.</summary>
public sealed class DecoderConversionTests
{
    [Fact]
    public void Qwen2_PadsTheVocabularyKeepsBiasesAndMapsPostAttentionNormToFfnNorm()
    {
        using var temp = new TempDirectory("qwen");
        HfCheckpoint hf = HfCheckpointBuilder.Qwen2(temp.Combine("hf"));
        string output = temp.Combine("out.gguf");

        ConversionResult result = TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F16 });

        Assert.Equal("qwen2", result.Architecture);
        Assert.Equal(LlamaEmbedKeys.Profiles.Rank1, result.Profile);
        using var gguf = new GgufFile(output);
        GgufMetadata m = gguf.Metadata;
        Assert.Equal("gpt2", m.GetString("tokenizer.ggml.model"));
        Assert.Equal("qwen2", m.GetString("tokenizer.ggml.pre"));
        IReadOnlyList<string> tokens = m.GetArray<string>("tokenizer.ggml.tokens");
        int n = hf.Vocabulary.Count;
        Assert.Equal(n + 64, tokens.Count);
        Assert.Equal(hf.Vocabulary.Tokens, tokens.Take(n));
        Assert.Equal($"[PAD{n}]", tokens[n]);
        Assert.Equal((int)GgufTokenType.Unused, m.GetArray<int>("tokenizer.ggml.token_type")[n + 63]);
        Assert.Equal(hf.Vocabulary.Merges, m.GetArray<string>("tokenizer.ggml.merges"));
        Assert.Equal((uint)hf.Vocabulary.EosId, m.GetUInt32("tokenizer.ggml.eos_token_id"));
        Assert.Equal((uint)hf.Vocabulary.BosId, m.GetUInt32("tokenizer.ggml.bos_token_id"));
        Assert.False(m.GetBool("tokenizer.ggml.add_bos_token"));
        Assert.Equal(1e-6f, m.GetFloat32("qwen2.attention.layer_norm_rms_epsilon"));
        Assert.Equal(1_000_000f, m.GetFloat32("qwen2.rope.freq_base"));
        Assert.Equal(GgmlType.F32, gguf.Tensor("blk.0.attn_q.bias").Type);
        Assert.Equal(hf.Tensors["model.layers.1.self_attn.k_proj.bias"].Values, gguf.Floats("blk.1.attn_k.bias"));
        Assert.Equal(hf.Tensors["model.layers.1.post_attention_layernorm.weight"].Values, gguf.Floats("blk.1.ffn_norm.weight"));
        Assert.Equal(GgmlType.F16, gguf.Tensor("blk.0.ffn_up.weight").Type);
        Assert.Equal([64L, n + 64L], gguf.Tensor("token_embd.weight").Shape);
        Assert.False(gguf.HasTensor("output.weight"));
        Assert.DoesNotContain(gguf.Validate(), p => p.Severity == GgufValidationSeverity.Error);
    }

    [Fact]
    public void Llama_PermutesQueryAndKeyRowsPerHeadAndWritesLlama3RopeFactors()
    {
        using var temp = new TempDirectory("llama");
        HfCheckpoint hf = HfCheckpointBuilder.Llama(temp.Combine("hf"));
        string output = temp.Combine("out.gguf");

        TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F32 });

        using var gguf = new GgufFile(output);
        GgufMetadata m = gguf.Metadata;
        Assert.Equal("llama", m.GetString("general.architecture"));
        Assert.Equal("llama-bpe", m.GetString("tokenizer.ggml.pre"));
        Assert.Equal((uint)hf.Vocabulary.Count, m.GetUInt32("llama.vocab_size"));
        Assert.Equal(16u, m.GetUInt32("llama.rope.dimension_count"));
        Assert.True(m.GetBool("tokenizer.ggml.add_bos_token"));
        Assert.Equal((uint)hf.Vocabulary.BosId, m.GetUInt32("tokenizer.ggml.bos_token_id"));
        Assert.Equal(Permute(hf.Tensors["model.layers.0.self_attn.q_proj.weight"].Values, heads: 4, rows: 64, cols: 64), gguf.Floats("blk.0.attn_q.weight"));
        Assert.Equal(Permute(hf.Tensors["model.layers.1.self_attn.k_proj.weight"].Values, heads: 2, rows: 32, cols: 64), gguf.Floats("blk.1.attn_k.weight"));
        Assert.Equal(hf.Tensors["model.layers.1.self_attn.v_proj.weight"].Values, gguf.Floats("blk.1.attn_v.weight"));
        Assert.Equal(hf.Tensors["lm_head.weight"].Values, gguf.Floats("output.weight"));
        float[] factors = gguf.Floats("rope_freqs.weight");
        Assert.Equal(8, factors.Length);
        Assert.Equal(1f, factors[0]);
        Assert.Equal(8f, factors[^1]);
    }

    [Fact]
    public void UnsupportedArchitecture_FailsListingTheSupportedOnes()
    {
        using var temp = new TempDirectory("arch");
        HfCheckpoint hf = HfCheckpointBuilder.Qwen2(temp.Combine("hf"));
        string config = File.ReadAllText(temp.Combine("hf", "config.json")).Replace("Qwen2ForCausalLM", "BertModel", StringComparison.Ordinal).Replace("\"qwen2\"", "\"bert\"", StringComparison.Ordinal);
        File.WriteAllText(temp.Combine("hf", "config.json"), config);

        var error = Assert.Throws<NotSupportedException>(() => TestConvert.Run(hf.Directory, temp.Combine("out.gguf"), new ConversionOptions()));

        Assert.Contains("BertModel", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gemma3TextModel", error.Message, StringComparison.Ordinal);
        Assert.Contains("Qwen2ForCausalLM", error.Message, StringComparison.Ordinal);
        Assert.Contains("MistralForCausalLM", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    /// <summary>llama.cpp's permute: reshape(heads, 2, rows/heads/2, cols).swapaxes(1, 2), written independently here.</summary>
    private static float[] Permute(float[] w, int heads, int rows, int cols)
    {
        int half = rows / heads / 2;
        var result = new float[w.Length];
        int outRow = 0;
        for (int h = 0; h < heads; h++)
        {
            for (int j = 0; j < half; j++)
            {
                for (int i = 0; i < 2; i++)
                {
                    int inRow = (h * 2 * half) + (i * half) + j;
                    Array.Copy(w, inRow * cols, result, outRow * cols, cols);
                    outRow++;
                }
            }
        }
        return result;
    }
}

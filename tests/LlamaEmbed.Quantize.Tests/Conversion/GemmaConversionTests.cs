using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;
using LlamaEmbed.Tests.Conversion.Support;
using Xunit;

namespace LlamaEmbed.Tests.Conversion;

/// <summary>Gemma-family conversions read back from the written GGUF (no llama.cpp needed).</summary>
public sealed class GemmaConversionTests
{
    [Fact]
    public void EmbeddingGemma_BecomesGemmaEmbeddingWithDenseLayersPromptsAndShiftedNorms()
    {
        using var temp = new TempDirectory("eg");
        HfCheckpoint hf = HfCheckpointBuilder.EmbeddingGemma(temp.Combine("hf"));
        string output = temp.Combine("out.gguf");

        ConversionResult result = TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F32 });

        Assert.Equal("gemma-embedding", result.Architecture);
        Assert.Equal(LlamaEmbedKeys.Profiles.EmbeddingGemma, result.Profile);
        using var gguf = new GgufFile(output);
        GgufMetadata m = gguf.Metadata;
        Assert.Equal("gemma-embedding", m.GetString("general.architecture"));
        Assert.Equal(512u, m.GetUInt32("gemma-embedding.attention.sliding_window"));
        Assert.Equal([true, true, true, false], m.GetArray<bool>("gemma-embedding.attention.sliding_window_pattern"));
        Assert.Equal(32u, m.GetUInt32("gemma-embedding.attention.key_length"));
        Assert.Equal(1_000_000f, m.GetFloat32("gemma-embedding.rope.freq_base"));
        Assert.Equal(10_000f, m.GetFloat32("gemma-embedding.rope.freq_base_swa"));
        Assert.Equal(1u, m.GetUInt32("gemma-embedding.pooling_type"));
        Assert.Equal(64u, m.GetUInt32("gemma-embedding.dense_2_feat_in"));
        Assert.Equal(256u, m.GetUInt32("gemma-embedding.dense_2_feat_out"));
        Assert.Equal(256u, m.GetUInt32("gemma-embedding.dense_3_feat_in"));
        Assert.Equal(64u, m.GetUInt32("gemma-embedding.dense_3_feat_out"));
        Assert.Equal(0u, m.GetUInt32("general.file_type"));

        Assert.Equal("llama", m.GetString("tokenizer.ggml.model"));
        Assert.Equal(hf.Vocabulary.Tokens, m.GetArray<string>("tokenizer.ggml.tokens"));
        Assert.Equal(hf.Vocabulary.Scores, m.GetArray<float>("tokenizer.ggml.scores"));
        Assert.True(m.GetBool("tokenizer.ggml.add_bos_token"));
        Assert.True(m.GetBool("tokenizer.ggml.add_eos_token"));
        Assert.False(m.GetBool("tokenizer.ggml.add_space_prefix"));
        Assert.Equal(2u, m.GetUInt32("tokenizer.ggml.bos_token_id"));
        Assert.Equal(1u, m.GetUInt32("tokenizer.ggml.eos_token_id"));
        Assert.Equal(3u, m.GetUInt32("tokenizer.ggml.unknown_token_id"));
        Assert.Equal(0u, m.GetUInt32("tokenizer.ggml.padding_token_id"));

        Assert.Equal(HfCheckpointBuilder.EmbeddingGemmaPrompts.Select(p => p.Key), m.GetArray<string>(LlamaEmbedKeys.PromptNames));
        Assert.Equal(HfCheckpointBuilder.EmbeddingGemmaPrompts.Select(p => p.Value), m.GetArray<string>(LlamaEmbedKeys.PromptTexts));
        Assert.Equal("mean", m.GetString(LlamaEmbedKeys.Pooling));
        Assert.True(m.GetBool(LlamaEmbedKeys.IncludePrompt));
        Assert.True(m.GetBool(LlamaEmbedKeys.Normalize));
        Assert.Equal(64u, m.GetUInt32(LlamaEmbedKeys.Dimensions));
        Assert.Equal("cosine", m.GetString(LlamaEmbedKeys.Similarity));

        float[] hfNorm = hf.Tensors["model.layers.2.post_feedforward_layernorm.weight"].Values;
        Assert.Equal(hfNorm.Select(v => v + 1f), gguf.Floats("blk.2.post_ffw_norm.weight"));
        Assert.Equal(hf.Tensors["model.layers.1.self_attn.k_norm.weight"].Values.Select(v => v + 1f), gguf.Floats("blk.1.attn_k_norm.weight"));
        Assert.Equal(hf.Tensors["model.norm.weight"].Values.Select(v => v + 1f), gguf.Floats("output_norm.weight"));
        Assert.Equal(hf.Tensors["model.layers.3.mlp.down_proj.weight"].Values, gguf.Floats("blk.3.ffn_down.weight"));
        Assert.Equal(hf.Modules["2_Dense"]["linear.weight"].Values, gguf.Floats("dense_2.weight"));
        Assert.Equal([64L, 256L], gguf.Tensor("dense_2.weight").Shape);
        Assert.Equal([256L, 64L], gguf.Tensor("dense_3.weight").Shape);
        Assert.Equal(2 + 2 + (13 * HfCheckpointBuilder.GemmaLayers), gguf.Tensors.Count);
        Assert.DoesNotContain(gguf.Validate(), p => p.Severity == GgufValidationSeverity.Error);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(AttentionMode.Causal, true)]
    [InlineData(AttentionMode.Bidirectional, false)]
    public void RankEmbed_BecomesGemma3WithPrefixTokensAndTheChosenAttention(AttentionMode? attention, bool causal)
    {
        using var temp = new TempDirectory("re");
        HfCheckpoint hf = HfCheckpointBuilder.RankEmbed(temp.Combine("hf"));
        string output = temp.Combine("out.gguf");

        ConversionResult result = TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F32, Attention = attention, Pooling = "mean" });

        Assert.Equal("gemma3", result.Architecture);
        Assert.Equal(LlamaEmbedKeys.Profiles.RankEmbed, result.Profile);
        using var gguf = new GgufFile(output);
        GgufMetadata m = gguf.Metadata;
        Assert.Equal(causal, m.GetBool("gemma3.attention.causal"));
        Assert.Equal(1u, m.GetUInt32("gemma3.pooling_type"));
        int n = hf.Vocabulary.Count;
        IReadOnlyList<string> tokens = m.GetArray<string>("tokenizer.ggml.tokens");
        Assert.Equal(n + 3, tokens.Count);
        Assert.Equal(HfCheckpointBuilder.PrefixTokens, tokens.Skip(n));
        Assert.All(m.GetArray<int>("tokenizer.ggml.token_type").Skip(n), t => Assert.Equal((int)GgufTokenType.Control, t));
        Assert.Equal("<|query_token|>", m.GetString(LlamaEmbedKeys.QueryPrefixToken));
        Assert.Equal("<|document_token|>", m.GetString(LlamaEmbedKeys.DocumentPrefixToken));
        Assert.Equal("<|passage_token|>", m.GetString(LlamaEmbedKeys.PassagePrefixToken));
        Assert.True(m.GetBool("tokenizer.ggml.add_bos_token"));
        Assert.False(m.GetBool("tokenizer.ggml.add_eos_token"));
        Assert.Equal([64L, n + 3L], gguf.Tensor("token_embd.weight").Shape);
        Assert.Equal(hf.Tensors["model.embed_tokens.weight"].Values.Take((n + 3) * 64), gguf.Floats("token_embd.weight"));
        Assert.False(gguf.HasTensor("output.weight"));
        Assert.Contains(result.Notes, note => note.Contains("cut", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GemmaEmbed_MergesTheLoraAndStoresTheProjectionHead(bool rsLora)
    {
        using var temp = new TempDirectory("ge");
        HfCheckpoint hf = HfCheckpointBuilder.GemmaEmbed(temp.Combine("hf"), rsLora);
        string output = temp.Combine("out.gguf");

        ConversionResult result = TestConvert.Run(hf.Directory, output, new ConversionOptions { OutputType = GgmlType.F32 });

        Assert.Equal(LlamaEmbedKeys.Profiles.GemmaEmbed, result.Profile);
        using var gguf = new GgufFile(output);
        for (int layer = 0; layer < hf.Layers; layer++)
        {
            foreach (var (hfPart, ggufPart) in new[] { ("q_proj", "attn_q"), ("v_proj", "attn_v"), ("k_proj", "attn_k") })
            {
                float[] expected = hf.MergedWeight($"model.layers.{layer}.self_attn.{hfPart}.weight");
                float[] actual = gguf.Floats($"blk.{layer}.{ggufPart}.weight");
                Assert.Equal(expected.Length, actual.Length);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"{ggufPart}[{i}]: {actual[i]} vs {expected[i]}");
                }
            }
        }
        Assert.NotEqual(hf.Tensors["model.layers.0.self_attn.q_proj.weight"].Values, gguf.Floats("blk.0.attn_q.weight"));
        GgufMetadata m = gguf.Metadata;
        Assert.Equal([16u, 64u], m.GetArray<uint>(LlamaEmbedKeys.ProjectionShape));
        Assert.Equal(hf.Modules["2_Dense"]["linear.weight"].Values, m.GetArray<float>(LlamaEmbedKeys.ProjectionWeight));
        Assert.Equal(hf.Modules["2_Dense"]["linear.bias"].Values, m.GetArray<float>(LlamaEmbedKeys.ProjectionBias));
        Assert.Equal(16u, m.GetUInt32(LlamaEmbedKeys.Dimensions));
        Assert.True(m.GetBool(LlamaEmbedKeys.Normalize));
        Assert.False(gguf.HasTensor("dense_2.weight"));
        Assert.Contains(result.Notes, note => note.StartsWith("LoRA adapter merged", StringComparison.Ordinal));
    }

    [Fact]
    public void ShardedCheckpoint_ConvertsToTheSameTensorsAsASingleFile()
    {
        using var temp = new TempDirectory("shard");
        HfCheckpointBuilder.EmbeddingGemma(temp.Combine("single"), SafetensorsDType.BF16);
        HfCheckpointBuilder.EmbeddingGemma(temp.Combine("sharded"), SafetensorsDType.BF16, sharded: true);
        Assert.False(File.Exists(temp.Combine("sharded", "model.safetensors")));

        TestConvert.Run(temp.Combine("single"), temp.Combine("a.gguf"), new ConversionOptions());
        TestConvert.Run(temp.Combine("sharded"), temp.Combine("b.gguf"), new ConversionOptions());

        using var a = new GgufFile(temp.Combine("a.gguf"));
        using var b = new GgufFile(temp.Combine("b.gguf"));
        Assert.Equal(a.Tensors.Select(t => (t.Name, t.Type)), b.Tensors.Select(t => (t.Name, t.Type)));
        foreach (GgufTensorInfo tensor in a.Tensors)
        {
            Assert.Equal(a.Bytes(tensor.Name), b.Bytes(tensor.Name));
        }
        Assert.Equal(32u, a.Metadata.GetUInt32("general.file_type"));
        Assert.Equal(GgmlType.BF16, a.Tensor("blk.0.attn_q.weight").Type);
        Assert.Equal(GgmlType.F32, a.Tensor("blk.0.attn_norm.weight").Type);
    }
}

using LlamaEmbed.Gguf;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests.Synthetic;

public sealed class SyntheticModelBuilderTests
{
    public static TheoryData<SyntheticArchitecture> Architectures => new(Enum.GetValues<SyntheticArchitecture>());

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Same_seed_writes_identical_bytes(SyntheticArchitecture architecture)
    {
        byte[] first = SyntheticModelBuilder.ToBytes(SyntheticModels.Tiny(architecture));
        byte[] second = SyntheticModelBuilder.ToBytes(SyntheticModels.Tiny(architecture));
        Assert.Equal(first, second);
        Assert.NotEqual(first, SyntheticModelBuilder.ToBytes(SyntheticModels.Tiny(architecture, seed: 2)));
    }

    [Fact]
    public void A_tensor_values_depend_only_on_seed_and_name()
    {
        SyntheticModelSpec six = SyntheticModels.Tiny(SyntheticArchitecture.Qwen2);
        SyntheticModel a = Build(six);
        SyntheticModel b = Build(six with { LayerCount = 7, FeedForwardLength = 128 });
        Assert.Equal(a.ReadTensor("blk.3.attn_q.weight"), b.ReadTensor("blk.3.attn_q.weight"));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void File_reads_back_with_the_declared_metadata_and_tensors(SyntheticArchitecture architecture)
    {
        SyntheticModelSpec spec = SyntheticModels.Tiny(architecture);
        using var memory = new MemoryStream();
        SyntheticModel model = SyntheticModelBuilder.Write(spec, memory);
        Assert.Equal(memory.Length, model.Bytes);
        memory.Position = 0;
        using var reader = new GgufReader(memory, leaveOpen: true);
        Assert.Equal(model.Metadata.Keys, reader.Metadata.Keys);
        Assert.Equal(model.Tensors.Select(t => t.Name), reader.Tensors.Select(t => t.Name));
        Assert.Equal(architecture.GgufName(), reader.Metadata.GetString("general.architecture"));
        GgufTensorInfo embd = reader.Tensors.Single(t => t.Name == "token_embd.weight");
        Assert.Equal([spec.EmbeddingLength, (long)model.Vocabulary.Count], embd.Shape);
        Assert.Equal(model.Vocabulary.Count, reader.Metadata.GetArray<string>("tokenizer.ggml.tokens").Count);
        Assert.Equal(model.ReadTensor("blk.0.ffn_up.weight"), reader.ReadTensorAsFloat32(reader.Tensors.Single(t => t.Name == "blk.0.ffn_up.weight")));
    }

    [Fact]
    public void Gemma_embedding_has_the_section_5_2_tensor_set()
    {
        SyntheticModel model = Build(SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding));
        var shapes = model.Tensors.ToDictionary(t => t.Name, t => t.Shape.ToArray());
        Assert.Equal([64L, 128], shapes["dense_2.weight"]);
        Assert.Equal([128L, 64], shapes["dense_3.weight"]);
        Assert.Equal([64L, 64], shapes["blk.0.attn_q.weight"]);
        Assert.Equal([64L, 32], shapes["blk.0.attn_k.weight"]);
        Assert.Equal([64L, 64], shapes["blk.0.attn_output.weight"]);
        Assert.Equal([32L], shapes["blk.5.attn_q_norm.weight"]);
        Assert.Equal([128L, 64], shapes["blk.5.ffn_down.weight"]);
        string[] perLayer =
        [
            "attn_norm.weight", "attn_q.weight", "attn_k.weight", "attn_v.weight", "attn_q_norm.weight", "attn_k_norm.weight",
            "attn_output.weight", "post_attention_norm.weight", "ffn_norm.weight", "ffn_gate.weight", "ffn_up.weight",
            "ffn_down.weight", "post_ffw_norm.weight",
        ];
        Assert.Equal(3 + 6 * perLayer.Length + 1, model.Tensors.Count);
        Assert.DoesNotContain("output.weight", shapes.Keys);
        Assert.All(model.Tensors.Where(t => t.Role == SyntheticTensorRole.Norm), t => Assert.Equal(GgmlType.F32, t.Type));
        GgufMetadata m = model.Metadata;
        Assert.Equal(8u, m.GetUInt32("gemma-embedding.attention.sliding_window"));
        Assert.Equal(128u, m.GetUInt32("gemma-embedding.dense_2_feat_out"));
        Assert.Equal(64u, m.GetUInt32("gemma-embedding.dense_3_feat_out"));
        Assert.Equal(1u, m.GetUInt32("gemma-embedding.pooling_type"));
        Assert.False(m.GetBool("tokenizer.ggml.add_space_prefix"));
        Assert.True(m.GetBool("tokenizer.ggml.add_eos_token"));
        Assert.Equal(GgufValueType.Int32, m["tokenizer.ggml.token_type"].ElementType);
        Assert.Equal("embeddinggemma", m.GetString(LlamaEmbedKeys.Profile));
    }

    [Fact]
    public void Prefix_token_keys_need_the_prefix_tokens_in_the_vocabulary()
    {
        SyntheticModelSpec spec = SyntheticModels.Tiny(SyntheticArchitecture.Gemma3) with
        {
            EmbeddingMetadata = new SyntheticEmbeddingMetadata { Profile = LlamaEmbedKeys.Profiles.RankEmbed, PrefixTokens = true, Pooling = "mean" },
        };
        SyntheticModel model = Build(spec);
        Assert.Equal("<|document_token|>", model.Metadata.GetString(LlamaEmbedKeys.DocumentPrefixToken));
        Assert.Equal(5, model.Vocabulary.IdOf(model.Metadata.GetString(LlamaEmbedKeys.DocumentPrefixToken)));
        Assert.Throws<ArgumentException>(() => Build(spec with { Vocabulary = new SyntheticVocabularyOptions() }));
    }

    [Fact]
    public void Qwen2_has_biases_and_llama_an_untied_head()
    {
        SyntheticModel qwen = Build(SyntheticModels.Tiny(SyntheticArchitecture.Qwen2));
        var names = qwen.Tensors.Select(t => t.Name).ToHashSet();
        Assert.Contains("blk.0.attn_q.bias", names);
        Assert.Contains("blk.0.attn_v.bias", names);
        Assert.DoesNotContain("output.weight", names);
        Assert.DoesNotContain("blk.0.post_ffw_norm.weight", names);
        Assert.Equal(1e-6f, qwen.Metadata.GetFloat32("qwen2.attention.layer_norm_rms_epsilon"));
        Assert.Equal(32u, qwen.Metadata.GetUInt32("qwen2.rope.dimension_count"));
        Assert.False(qwen.Metadata.ContainsKey("tokenizer.ggml.add_bos_token"));
        Assert.Equal(qwen.Vocabulary.Merges.Count, qwen.Metadata.GetArray<string>("tokenizer.ggml.merges").Count);

        SyntheticModel llama = Build(SyntheticModels.Tiny(SyntheticArchitecture.Llama));
        SyntheticTensor head = llama.Tensors.Single(t => t.Name == "output.weight");
        Assert.Equal([64L, llama.Vocabulary.Count], head.Shape);
        Assert.DoesNotContain(llama.Tensors, t => t.Name.EndsWith(".bias", StringComparison.Ordinal));
        Assert.Equal((uint)llama.Vocabulary.Count, llama.Metadata.GetUInt32("llama.vocab_size"));
        Assert.True(llama.Metadata.GetBool("tokenizer.ggml.add_bos_token"));
    }

    [Fact]
    public void Gemma3_has_no_dense_and_writes_causal_when_asked()
    {
        SyntheticModel model = Build(SyntheticModels.Tiny(SyntheticArchitecture.Gemma3) with { Causal = false, PoolingType = SyntheticPoolingType.Mean });
        Assert.DoesNotContain(model.Tensors, t => t.Name.StartsWith("dense", StringComparison.Ordinal));
        Assert.False(model.Metadata.GetBool("gemma3.attention.causal"));
        Assert.False(model.Metadata.GetBool("tokenizer.ggml.add_eos_token"));
        Assert.Equal(10_000f, model.Metadata.GetFloat32("gemma3.rope.freq_base_swa"));
    }

    [Theory]
    [InlineData(GgmlType.F32, 4)]
    [InlineData(GgmlType.F16, 2)]
    [InlineData(GgmlType.BF16, 2)]
    public void Weight_type_sets_matrix_storage_and_file_type(GgmlType type, int bytesPerValue)
    {
        SyntheticModel model = Build(SyntheticModels.Tiny(SyntheticArchitecture.Gemma3) with { WeightType = type });
        SyntheticTensor q = model.Tensors.Single(t => t.Name == "blk.0.attn_q.weight");
        Assert.Equal(type, q.Type);
        Assert.Equal(q.ElementCount * bytesPerValue, q.ByteCount);
        Assert.Equal(SyntheticMetadata.FileType(type), model.Metadata.GetUInt32("general.file_type"));
        float[] values = model.ReadTensor("blk.0.attn_q.weight");
        float std = MathF.Sqrt(values.Select(v => v * v).Average());
        Assert.InRange(std, 0.8f / 8, 1.2f / 8);
        float[] norm = model.ReadTensor("blk.0.attn_norm.weight");
        Assert.All(norm, v => Assert.InRange(v, 0.95f, 1.05f));
    }

    [Fact]
    public void Override_replaces_one_tensor()
    {
        SyntheticModelSpec spec = SyntheticModels.Tiny(SyntheticArchitecture.Qwen2) with
        {
            OverrideTensor = t => t.Name == "output_norm.weight" ? Enumerable.Repeat(2f, (int)t.ElementCount).ToArray() : null,
        };
        SyntheticModel model = Build(spec);
        Assert.All(model.ReadTensor("output_norm.weight"), v => Assert.Equal(2f, v));
        Assert.Throws<InvalidOperationException>(() => Build(spec with { OverrideTensor = t => t.Name == "output_norm.weight" ? [1f] : null }));
    }

    [Fact]
    public void Specs_llama_cpp_would_abort_on_are_refused()
    {
        SyntheticModelSpec gemma = SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding);
        Assert.Throws<ArgumentException>(() => Build(gemma with { LayerCount = 2 }));
        Assert.Throws<ArgumentException>(() => Build(gemma with { SlidingWindow = 0 }));
        Assert.Throws<ArgumentException>(() => Build(SyntheticModels.Tiny(SyntheticArchitecture.Gemma3) with { DenseFeatures = 32 }));
        Assert.Throws<ArgumentException>(() => Build(gemma with { WeightType = GgmlType.Q8_0 }));
        SyntheticModel twoLayers = Build(gemma with { LayerCount = 2, SlidingWindowLayers = [true, false] });
        Assert.Equal([true, false], twoLayers.Metadata.GetArray<bool>("gemma-embedding.attention.sliding_window_pattern"));
    }

    [Fact]
    public void Real_shape_presets_have_real_shapes()
    {
        SyntheticModelSpec g = SyntheticModels.EmbeddingGemma300m;
        IReadOnlyList<SyntheticTensor> tensors = SyntheticTensorLayout.For(g, 262_144);
        Assert.Equal([768L, 262_144], tensors[0].Shape);
        Assert.Equal(24 * 13 + 4, tensors.Count);
        long weights = tensors.Sum(t => t.ElementCount);
        Assert.InRange(weights, 300_000_000, 310_000_000);
        Assert.Equal(20, Enumerable.Range(0, 24).Count(g.IsSlidingWindowLayer));
        Assert.False(g.IsSlidingWindowLayer(5));

        IReadOnlyList<SyntheticTensor> qwen = SyntheticTensorLayout.For(SyntheticModels.Qwen25_05B, 151_936);
        Assert.InRange(qwen.Sum(t => t.ElementCount), 490_000_000, 500_000_000);
        IReadOnlyList<SyntheticTensor> gemma3 = SyntheticTensorLayout.For(SyntheticModels.Gemma3_1B, 262_144);
        Assert.InRange(gemma3.Sum(t => t.ElementCount), 990_000_000, 1_010_000_000);
    }

    private static SyntheticModel Build(SyntheticModelSpec spec)
    {
        using var memory = new MemoryStream();
        return SyntheticModelBuilder.Write(spec, memory);
    }
}

using LlamaEmbed.Gguf;
using LlamaEmbed.Synthetic.Reference;
using Xunit;

namespace LlamaEmbed.Tests.Reference;

/// <summary>Reading the reference configuration from GGUF metadata with llama.cpp's defaults and refusals.</summary>
public sealed class GemmaReferenceConfigTests
{
    private static GgufMetadata Metadata(string arch, params (string Key, GgufValue Value)[] extra)
    {
        var metadata = new GgufMetadata();
        metadata.Add("general.architecture", GgufValue.String(arch));
        metadata.Add($"{arch}.embedding_length", GgufValue.UInt32(768));
        metadata.Add($"{arch}.block_count", GgufValue.UInt32(24));
        metadata.Add($"{arch}.feed_forward_length", GgufValue.UInt32(1152));
        metadata.Add($"{arch}.attention.head_count", GgufValue.UInt32(3));
        metadata.Add($"{arch}.attention.head_count_kv", GgufValue.UInt32(1));
        metadata.Add($"{arch}.attention.key_length", GgufValue.UInt32(256));
        metadata.Add($"{arch}.attention.value_length", GgufValue.UInt32(256));
        metadata.Add($"{arch}.attention.layer_norm_rms_epsilon", GgufValue.Float32(1e-6f));
        metadata.Add($"{arch}.rope.freq_base", GgufValue.Float32(1e6f));
        foreach (var (key, value) in extra)
        {
            metadata.Set($"{arch}.{key}", value);
        }
        return metadata;
    }

    [Fact]
    public void GemmaEmbedding_IsBidirectionalWithASymmetricWindowAndDense()
    {
        GemmaReferenceConfig config = GemmaReferenceConfig.FromGguf(Metadata("gemma-embedding",
            ("attention.sliding_window", GgufValue.UInt32(512)),
            ("attention.causal", GgufValue.Bool(true)),
            ("dense_2_feat_out", GgufValue.UInt32(3072)),
            ("dense_3_feat_in", GgufValue.UInt32(3072))));

        Assert.Equal(GemmaReferenceArchitecture.GemmaEmbedding, config.Architecture);
        Assert.False(config.Causal);
        Assert.Equal(GemmaSlidingWindowKind.Symmetric, config.SlidingWindowKind);
        Assert.Equal(512, config.SlidingWindow);
        Assert.Equal([5, 11, 17, 23], Enumerable.Range(0, 24).Where(il => !config.IsSlidingLayer(il)));
        Assert.Equal(1e4, config.RopeFreqBaseSliding);
        Assert.Equal(1e6, config.RopeFreqBase);
        Assert.Equal((double)1e-6f, config.RmsEpsilon);
        Assert.Equal(1 / 16.0, config.AttentionScale);
        Assert.Equal((3072, 3072), (config.Dense2FeatureOut, config.Dense3FeatureIn));
        Assert.Equal(GemmaReferencePooling.Mean, config.Pooling);
    }

    [Fact]
    public void Gemma3_IsCausalByDefaultWithAOneSidedWindow()
    {
        GemmaReferenceConfig config = GemmaReferenceConfig.FromGguf(Metadata("gemma3",
            ("attention.sliding_window", GgufValue.UInt32(512)),
            ("attention.sliding_window_pattern", GgufValue.UInt32(3)),
            ("pooling_type", GgufValue.UInt32(3))));

        Assert.True(config.Causal);
        Assert.Equal(GemmaSlidingWindowKind.Standard, config.SlidingWindowKind);
        Assert.Equal([2, 5, 8], Enumerable.Range(0, 10).Where(il => !config.IsSlidingLayer(il)));
        Assert.Equal(GemmaReferencePooling.Last, config.Pooling);
    }

    [Fact]
    public void Gemma3_HonoursCausalFalse_AndHasNoWindowWithoutTheKey()
    {
        GemmaReferenceConfig config = GemmaReferenceConfig.FromGguf(Metadata("gemma3", ("attention.causal", GgufValue.Bool(false))));

        Assert.False(config.Causal);
        Assert.Equal(GemmaSlidingWindowKind.None, config.SlidingWindowKind);
        Assert.DoesNotContain(Enumerable.Range(0, 24), il => config.IsSlidingLayer(il));
    }

    [Fact]
    public void ReadsABoolPatternArray()
    {
        bool[] flags = [.. Enumerable.Range(0, 24).Select(il => il % 2 == 0)];
        GemmaReferenceConfig config = GemmaReferenceConfig.FromGguf(Metadata("gemma-embedding",
            ("attention.sliding_window", GgufValue.UInt32(16)),
            ("attention.sliding_window_pattern", GgufValue.Array(flags))));

        Assert.Equal(flags, Enumerable.Range(0, 24).Select(config.IsSlidingLayer));
    }

    [Fact]
    public void Refuses_WhatLlamaCppRefusesOrTheReferenceDoesNotModel()
    {
        Assert.Throws<NotSupportedException>(() => GemmaReferenceConfig.FromGguf(Metadata("qwen2")));
        Assert.Throws<InvalidDataException>(() => GemmaReferenceConfig.FromGguf(Metadata("gemma-embedding")));
        Assert.Throws<InvalidDataException>(() => GemmaReferenceConfig.FromGguf(Metadata("gemma3", ("embedding_length", GgufValue.Int32(768)))));
        Assert.Throws<NotSupportedException>(() => GemmaReferenceConfig.FromGguf(Metadata("gemma3", ("rope.scaling.type", GgufValue.String("yarn")))));
        Assert.Throws<NotSupportedException>(() => GemmaReferenceConfig.FromGguf(Metadata("gemma3",
            ("attention.head_count", GgufValue.Array(Enumerable.Range(0, 24).Select(il => (uint)(il % 2 + 1)).ToArray())))));
    }

    [Theory]
    [InlineData(GemmaSlidingWindowKind.Symmetric, false, 10, 26)]
    [InlineData(GemmaSlidingWindowKind.Symmetric, true, 10, 18)]
    [InlineData(GemmaSlidingWindowKind.Standard, false, 3, 29)]
    [InlineData(GemmaSlidingWindowKind.Standard, true, 3, 18)]
    public void Attends_FollowsLlamaCppMasks(GemmaSlidingWindowKind kind, bool causal, int firstVisible, int lastVisible)
    {
        // Window 16, query at 18 of 30 tokens: symmetric keeps |q − k| ≤ 8; standard hides keys 16 or more behind.
        GemmaReferenceConfig config = ReferenceTestWeights.TinyEmbedding() with
        {
            BlockCount = 2,
            SlidingLayers = [true, false],
            SlidingWindow = 16,
            SlidingWindowKind = kind,
            Causal = causal,
        };
        int[] keys = [.. Enumerable.Range(0, 30)];

        Assert.Equal(Enumerable.Range(firstVisible, lastVisible - firstVisible + 1), keys.Where(k => config.Attends(0, 18, k)));
        Assert.Equal(causal ? 19 : 30, keys.Count(k => config.Attends(1, 18, k)));
    }
}

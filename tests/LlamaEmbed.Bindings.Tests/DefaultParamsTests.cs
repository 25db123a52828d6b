using LlamaEmbed.Gguf;
using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>The defaults the shipped library returns, as documented in llamacpp-notes §2 (a layout slip would scramble them).</summary>
public class DefaultParamsTests
{
    [Fact]
    public void Model_defaults()
    {
        LlamaModelParams p = NativeMethods.llama_model_default_params();
        Assert.Equal(0, p.Devices);
        Assert.Equal(0, p.TensorBuftOverrides);
        Assert.Equal(-1, p.NGpuLayers);
        Assert.Equal(LlamaSplitMode.Layer, p.SplitMode);
        Assert.Equal(LlamaLoadMode.Auto, p.LoadMode);
        Assert.Equal(LlamaLazyMode.Auto, p.LazyMode);
        Assert.Equal(0, p.MainGpu);
        Assert.Equal(0, p.TensorSplit);
        Assert.Equal(0, p.ProgressCallback);
        Assert.Equal(0, p.KvOverrides);
        Assert.False(p.VocabOnly);
        Assert.False(p.CheckTensors);
        Assert.True(p.UseExtraBufts);
        Assert.False(p.NoHost);
        Assert.False(p.NoAlloc);
        Assert.False(p.LoadMtp);
    }

    [Fact]
    public void Context_defaults()
    {
        LlamaContextParams p = NativeMethods.llama_context_default_params();
        Assert.Equal(512u, p.NCtx);
        Assert.Equal(2048u, p.NBatch);
        Assert.Equal(512u, p.NUbatch);
        Assert.Equal(1u, p.NSeqMax);
        Assert.Equal(0u, p.NRsSeq);
        Assert.Equal(0u, p.NOutputsMax);
        Assert.Equal(1u, p.NOutputsMaxPerSeq);
        Assert.Equal(4, p.NThreads);
        Assert.Equal(4, p.NThreadsBatch);
        Assert.Equal(0, p.CtxType);
        Assert.Equal(LlamaRopeScalingType.Unspecified, p.RopeScalingType);
        Assert.Equal(LlamaPoolingType.Unspecified, p.PoolingType);
        Assert.Equal(LlamaAttentionType.Unspecified, p.AttentionType);
        Assert.Equal(LlamaFlashAttnType.Auto, p.FlashAttnType);
        Assert.Equal(0f, p.RopeFreqBase);
        Assert.Equal(0f, p.RopeFreqScale);
        Assert.Equal(-1f, p.YarnExtFactor);
        Assert.Equal(-1f, p.YarnAttnFactor);
        Assert.Equal(-1f, p.YarnBetaFast);
        Assert.Equal(-1f, p.YarnBetaSlow);
        Assert.Equal(0u, p.YarnOrigCtx);
        Assert.Equal(-1f, p.DefragThold);
        Assert.Equal(0, p.CbEval);
        Assert.Equal(GgmlType.F16, p.TypeK);
        Assert.Equal(GgmlType.F16, p.TypeV);
        Assert.Equal(0, p.AbortCallback);
        Assert.False(p.Embeddings);
        Assert.True(p.OffloadKqv);
        Assert.True(p.NoPerf);
        Assert.True(p.OpOffload);
        Assert.True(p.SwaFull);
        Assert.False(p.KvUnified);
        Assert.Equal(0, p.Samplers);
        Assert.Equal(0u, p.NSamplers);
        Assert.Equal(0, p.CtxOther);
    }

    [Fact]
    public void Quantize_defaults()
    {
        LlamaModelQuantizeParams p = NativeMethods.llama_model_quantize_default_params();
        Assert.Equal(0, p.NThread);
        Assert.Equal(LlamaFtype.MostlyQ8_0, p.Ftype);
        Assert.Equal(LlamaModelQuantizeParams.AutomaticType, p.OutputTensorType);
        Assert.Equal(LlamaModelQuantizeParams.AutomaticType, p.TokenEmbeddingType);
        Assert.False(p.AllowRequantize);
        Assert.True(p.QuantizeOutputTensor);
        Assert.False(p.OnlyCopy);
        Assert.False(p.Pure);
        Assert.False(p.KeepSplit);
        Assert.False(p.DryRun);
        Assert.Equal(0, p.Imatrix);
        Assert.Equal(0, p.KvOverrides);
        Assert.Equal(0, p.TtOverrides);
        Assert.Equal(0, p.PruneLayers);
        Assert.Equal(8UL << 30, (ulong)p.MaxBufSize);
    }

    [Fact]
    public void Sampler_chain_defaults() => Assert.True(NativeMethods.llama_sampler_chain_default_params().NoPerf);

    [Fact]
    public unsafe void Ftype_names_match_the_enum()
    {
        Assert.Equal("Q8_0", NativeSystemQuery.Utf8(NativeMethods.llama_ftype_name(LlamaFtype.MostlyQ8_0)));
        Assert.Equal("Q4_K - Medium", NativeSystemQuery.Utf8(NativeMethods.llama_ftype_name(LlamaFtype.MostlyQ4KM)));
        Assert.Equal("all F32", NativeSystemQuery.Utf8(NativeMethods.llama_ftype_name(LlamaFtype.AllF32)));
    }
}

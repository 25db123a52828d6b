using System.Runtime.InteropServices;
using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>Every mirrored struct against the offsets verified on the pinned headers (llamacpp-notes §2).</summary>
public class AbiLayoutTests
{
    private static void AssertLayout<T>(int size, params (string Field, int Offset)[] fields)
        where T : struct
    {
        Assert.Equal(size, Marshal.SizeOf<T>());
        Assert.Equal(size, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        foreach ((string field, int offset) in fields)
        {
            Assert.True(offset == (int)Marshal.OffsetOf<T>(field), $"{typeof(T).Name}.{field}: expected offset {offset}, got {Marshal.OffsetOf<T>(field)}");
        }
        int declared = typeof(T).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic).Length;
        Assert.Equal(declared, fields.Length);
    }

    [Fact]
    public void Model_params_is_80_bytes() => AssertLayout<LlamaModelParams>(80,
        ("Devices", 0), ("TensorBuftOverrides", 8), ("NGpuLayers", 16), ("SplitMode", 20), ("LoadMode", 24),
        ("LazyMode", 28), ("MainGpu", 32), ("TensorSplit", 40), ("ProgressCallback", 48),
        ("ProgressCallbackUserData", 56), ("KvOverrides", 64), ("_vocabOnly", 72), ("_checkTensors", 73),
        ("_useExtraBufts", 74), ("_noHost", 75), ("_noAlloc", 76), ("_loadMtp", 77));

    [Fact]
    public void Context_params_is_160_bytes() => AssertLayout<LlamaContextParams>(160,
        ("NCtx", 0), ("NBatch", 4), ("NUbatch", 8), ("NSeqMax", 12), ("NRsSeq", 16), ("NOutputsMax", 20),
        ("NOutputsMaxPerSeq", 24), ("NThreads", 28), ("NThreadsBatch", 32), ("CtxType", 36),
        ("RopeScalingType", 40), ("PoolingType", 44), ("AttentionType", 48), ("FlashAttnType", 52),
        ("RopeFreqBase", 56), ("RopeFreqScale", 60), ("YarnExtFactor", 64), ("YarnAttnFactor", 68),
        ("YarnBetaFast", 72), ("YarnBetaSlow", 76), ("YarnOrigCtx", 80), ("DefragThold", 84), ("CbEval", 88),
        ("CbEvalUserData", 96), ("TypeK", 104), ("TypeV", 108), ("AbortCallback", 112), ("AbortCallbackData", 120),
        ("_embeddings", 128), ("_offloadKqv", 129), ("_noPerf", 130), ("_opOffload", 131), ("_swaFull", 132),
        ("_kvUnified", 133), ("Samplers", 136), ("NSamplers", 144), ("CtxOther", 152));

    [Fact]
    public void Batch_is_56_bytes() => AssertLayout<LlamaBatch>(56,
        ("NTokens", 0), ("Token", 8), ("Embd", 16), ("Pos", 24), ("NSeqId", 32), ("SeqId", 40), ("Logits", 48));

    [Fact]
    public void Quantize_params_is_64_bytes() => AssertLayout<LlamaModelQuantizeParams>(64,
        ("NThread", 0), ("Ftype", 4), ("OutputTensorType", 8), ("TokenEmbeddingType", 12), ("_allowRequantize", 16),
        ("_quantizeOutputTensor", 17), ("_onlyCopy", 18), ("_pure", 19), ("_keepSplit", 20), ("_dryRun", 21),
        ("Imatrix", 24), ("KvOverrides", 32), ("TtOverrides", 40), ("PruneLayers", 48), ("MaxBufSize", 56));

    [Fact]
    public void Kv_override_is_264_bytes() => AssertLayout<LlamaModelKvOverride>(264,
        ("Tag", 0), ("Key", 4), ("Value", 136));

    [Fact]
    public void Tensor_override_is_16_bytes() => AssertLayout<LlamaModelTensorOverride>(16, ("Pattern", 0), ("Type", 8));

    [Fact]
    public void Token_data_is_12_bytes() => AssertLayout<LlamaTokenData>(12, ("Id", 0), ("Logit", 4), ("P", 8));

    [Fact]
    public void Token_data_array_is_32_bytes() => AssertLayout<LlamaTokenDataArray>(32,
        ("Data", 0), ("Size", 8), ("Selected", 16), ("_sorted", 24));

    [Fact]
    public void Sampler_chain_params_is_1_byte() => AssertLayout<LlamaSamplerChainParams>(1, ("_noPerf", 0));

    [Fact]
    public void Backend_dev_props_is_56_bytes() => AssertLayout<GgmlBackendDevProps>(56,
        ("Name", 0), ("Description", 8), ("MemoryFree", 16), ("MemoryTotal", 24), ("Type", 32), ("DeviceId", 40),
        ("_async", 48), ("_hostBuffer", 49), ("_bufferFromHostPtr", 50), ("_events", 51), ("_mmapSupport", 52));

    [Fact]
    public void Bool_properties_round_trip_through_their_byte_fields()
    {
        var p = default(LlamaContextParams);
        p.KvUnified = true;
        Assert.True(p.KvUnified);
        Assert.False(p.Embeddings);
        p.KvUnified = false;
        Assert.False(p.KvUnified);
    }
}

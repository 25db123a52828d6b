using LlamaEmbed.Native.Interop;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>A tiny random-weight qwen2 from LlamaEmbed.Synthetic: contexts, decode, error mapping, cancellation.</summary>
public sealed class ContextDecodeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SafeLlamaModelHandle _model;

    public ContextDecodeTests()
    {
        string path = _folder.File("tiny-qwen2.gguf");
        SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.Qwen2), path);
        _model = LlamaModelLoader.Load(path);
    }

    public void Dispose()
    {
        _model.Dispose();
        _folder.Dispose();
    }

    private SafeLlamaContextHandle CreateContext(uint nCtx = 512)
    {
        LlamaContextParams p = NativeMethods.llama_context_default_params();
        p.NCtx = nCtx;
        p.NBatch = nCtx;
        p.NUbatch = nCtx;
        p.NThreads = 2;
        p.NThreadsBatch = 2;
        return SafeLlamaContextHandle.Create(_model, p);
    }

    private static SafeLlamaBatchHandle Batch(int count, int firstPosition = 0, int firstToken = 10)
    {
        var batch = SafeLlamaBatchHandle.Create(Math.Max(count, 1));
        for (int i = 0; i < count; i++)
        {
            batch.Add(firstToken + i, firstPosition + i, [0], output: i == count - 1);
        }
        return batch;
    }

    [Fact]
    public unsafe void Model_metadata_reads_back()
    {
        Assert.Equal(64, NativeMethods.llama_model_n_embd(_model));
        Assert.Equal(64, NativeMethods.llama_model_n_embd_out(_model));
        Assert.Equal(6, NativeMethods.llama_model_n_layer(_model));
        Assert.Equal(2, NativeMethods.llama_model_n_head(_model));
        Assert.Equal(512, NativeMethods.llama_model_n_ctx_train(_model));
        Assert.False(NativeMethods.llama_model_has_encoder(_model));
        Assert.True(NativeMethods.llama_model_has_decoder(_model));
        byte* buffer = stackalloc byte[64];
        int length = NativeMethods.llama_model_meta_val_str(_model, "general.architecture", buffer, 64);
        Assert.Equal("qwen2", NativeSystemQuery.Utf8(buffer));
        Assert.Equal(5, length);
        Assert.Equal(-1, NativeMethods.llama_model_meta_val_str(_model, "no.such.key", buffer, 64));
    }

    [Fact]
    public unsafe void Decode_produces_logits_and_greedy_matches_argmax()
    {
        using SafeLlamaContextHandle context = CreateContext();
        using SafeLlamaBatchHandle batch = Batch(8);
        NativeDecode.Decode(context, batch, TestContext.Current.CancellationToken);

        int nVocab = new LlamaVocabulary(_model).Count;
        float* logits = NativeMethods.llama_get_logits_ith(context, -1);
        Assert.True(logits is not null);
        var span = new ReadOnlySpan<float>(logits, nVocab);
        int argmax = 0;
        for (int i = 1; i < span.Length; i++)
        {
            argmax = span[i] > span[argmax] ? i : argmax;
        }
        using SafeLlamaSamplerHandle sampler = SafeLlamaSamplerHandle.CreateGreedyChain();
        Assert.Equal(argmax, NativeMethods.llama_sampler_sample(sampler, context, -1));

        nint memory = NativeMethods.llama_get_memory(context);
        Assert.Equal(7, NativeMethods.llama_memory_seq_pos_max(memory, 0));
        Assert.True(NativeMethods.llama_memory_seq_rm(memory, 0, -1, -1));
        Assert.Equal(-1, NativeMethods.llama_memory_seq_pos_max(memory, 0));
    }

    [Fact]
    public unsafe void Context_keeps_its_model_alive()
    {
        string path = _folder.File("own-model.gguf");
        SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.Qwen2, seed: 7), path);
        SafeLlamaModelHandle model = LlamaModelLoader.Load(path);
        LlamaContextParams p = NativeMethods.llama_context_default_params();
        p.NThreads = p.NThreadsBatch = 2;
        SafeLlamaContextHandle context = SafeLlamaContextHandle.Create(model, p);

        model.Dispose();
        Assert.False(model.IsClosed); // llama_model_free has not run: the context still holds a reference.
        using (SafeLlamaBatchHandle batch = Batch(4))
        {
            NativeDecode.Decode(context, batch, TestContext.Current.CancellationToken);
        }
        Assert.True(NativeMethods.llama_get_logits_ith(context, -1) is not null);

        context.Dispose();
        Assert.True(model.IsClosed);
    }

    [Fact]
    public void Invalid_token_is_decode_error_minus_one_with_native_lines()
    {
        using SafeLlamaContextHandle context = CreateContext();
        using SafeLlamaBatchHandle batch = Batch(2, firstToken: 10_000_000);
        var ex = Assert.Throws<LlamaDecodeException>(() => NativeDecode.Decode(context, batch, TestContext.Current.CancellationToken));
        Assert.Equal(-1, ex.ReturnCode);
        Assert.Contains("invalid batch", ex.Meaning, StringComparison.Ordinal);
        Assert.NotEmpty(ex.NativeLogLines);
    }

    [Fact]
    public void Full_cache_is_decode_error_one()
    {
        using SafeLlamaContextHandle context = CreateContext(nCtx: 256);
        using (SafeLlamaBatchHandle first = Batch(200))
        {
            NativeDecode.Decode(context, first, TestContext.Current.CancellationToken);
        }
        using SafeLlamaBatchHandle second = Batch(200, firstPosition: 200);
        var ex = Assert.Throws<LlamaDecodeException>(() => NativeDecode.Decode(context, second, TestContext.Current.CancellationToken));
        Assert.Equal(1, ex.ReturnCode);
        Assert.Contains("no KV slot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversize_batch_is_refused_before_native_code()
    {
        using SafeLlamaContextHandle context = CreateContext(nCtx: 256);
        using SafeLlamaBatchHandle batch = Batch(300);
        Assert.Throws<ArgumentException>(() => NativeDecode.Decode(context, batch, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Cancelled_token_aborts_the_decode_through_the_abort_callback()
    {
        using SafeLlamaContextHandle context = CreateContext();
        using SafeLlamaBatchHandle batch = Batch(16);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        unsafe
        {
            using (AbortScope.Enter(context, cts.Token))
            {
                Assert.Equal(2, NativeMethods.llama_decode(context, *batch.Batch));
            }
        }
        NativeMethods.llama_memory_clear(NativeMethods.llama_get_memory(context), data: false);
        var ex = Assert.ThrowsAny<OperationCanceledException>(() => NativeDecode.Decode(context, batch, cts.Token));
        Assert.Equal(cts.Token, ex.CancellationToken);

        NativeMethods.llama_memory_clear(NativeMethods.llama_get_memory(context), data: false);
        NativeDecode.Decode(context, batch, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(false, 4u, 8u, 512u)] // fewer output rows than sequences
    [InlineData(true, 0u, 28u, 512u)] // embedding micro-batch not a multiple of the sequence count (notes §8.1)
    public void Parameters_that_abort_llama_cpp_are_refused_before_native_code(bool embeddings, uint outputsMax, uint sequences, uint microBatch)
    {
        LlamaContextParams p = NativeMethods.llama_context_default_params();
        p.NCtx = 1024;
        p.NBatch = microBatch;
        p.NUbatch = microBatch;
        p.NSeqMax = sequences;
        p.NOutputsMax = outputsMax;
        p.Embeddings = embeddings;

        Assert.Throws<ArgumentException>(() => SafeLlamaContextHandle.Create(_model, p));
    }

    [Fact]
    public void Return_codes_have_meanings()
    {
        Assert.Contains("no KV slot", NativeDecode.Describe(1), StringComparison.Ordinal);
        Assert.Contains("aborted", NativeDecode.Describe(2), StringComparison.Ordinal);
        Assert.Contains("invalid batch", NativeDecode.Describe(-1), StringComparison.Ordinal);
        Assert.Contains("fatal", NativeDecode.Describe(-3), StringComparison.Ordinal);
    }
}

using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Tests.Reference;

/// <summary>
/// llama.cpp's pooled vectors for given token ids, through the bindings alone: one context with flash attention
/// disabled (F16 K/V would blur an fp32 comparison), MEAN pooling unless told otherwise, all texts of a call in one
/// batch with sequence ids 0, 1, … and positions 0..n−1, the memory cleared before each call.
/// </summary>
internal sealed unsafe class LlamaCppEmbedder : IDisposable
{
    private const int BatchTokens = 1024;
    private const int MaxSequences = 8;

    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly SafeLlamaBatchHandle _batch;

    public LlamaCppEmbedder(string path, LlamaAttentionType attention = LlamaAttentionType.Unspecified, LlamaPoolingType pooling = LlamaPoolingType.Mean)
    {
        NativeRuntime.EnsureInitialized();
        LlamaModelParams modelParams = NativeMethods.llama_model_default_params();
        modelParams.NGpuLayers = 0;
        nint raw = NativeMethods.llama_model_load_from_file(path, modelParams);
        if (raw == 0)
        {
            throw new InvalidOperationException($"llama.cpp could not load '{path}'.");
        }
        _model = SafeLlamaModelHandle.FromNative(raw);

        LlamaContextParams contextParams = NativeMethods.llama_context_default_params();
        contextParams.NCtx = BatchTokens;
        contextParams.NBatch = BatchTokens;
        contextParams.NUbatch = BatchTokens;
        contextParams.NSeqMax = MaxSequences;
        contextParams.KvUnified = true;
        contextParams.Embeddings = true;
        contextParams.PoolingType = pooling;
        contextParams.AttentionType = attention;
        contextParams.FlashAttnType = LlamaFlashAttnType.Disabled;
        contextParams.NThreads = Math.Min(Environment.ProcessorCount, 4);
        contextParams.NThreadsBatch = contextParams.NThreads;
        _context = SafeLlamaContextHandle.Create(_model, contextParams);
        _batch = SafeLlamaBatchHandle.Create(BatchTokens);
        OutputLength = NativeMethods.llama_model_n_embd_out(_model);
    }

    /// <summary>The length of every pooled vector (<c>llama_model_n_embd_out</c>).</summary>
    public int OutputLength { get; }

    /// <summary>Embeds all <paramref name="texts"/> in one decode and returns one pooled vector per text.</summary>
    public float[][] Embed(params IReadOnlyList<int>[] texts)
    {
        if (texts.Length > MaxSequences || texts.Sum(t => t.Count) > BatchTokens)
        {
            throw new ArgumentException($"One call takes at most {MaxSequences} texts and {BatchTokens} tokens.", nameof(texts));
        }
        NativeMethods.llama_memory_clear(NativeMethods.llama_get_memory(_context), true);
        _batch.Clear();
        for (int s = 0; s < texts.Length; s++)
        {
            for (int p = 0; p < texts[s].Count; p++)
            {
                _batch.Add(texts[s][p], p, [s], output: true);
            }
        }
        NativeDecode.Decode(_context, _batch);
        var vectors = new float[texts.Length][];
        for (int s = 0; s < texts.Length; s++)
        {
            float* pooled = NativeMethods.llama_get_embeddings_seq(_context, s);
            if (pooled is null)
            {
                throw new InvalidOperationException($"llama.cpp returned no pooled vector for sequence {s}.");
            }
            vectors[s] = new ReadOnlySpan<float>(pooled, OutputLength).ToArray();
        }
        return vectors;
    }

    public void Dispose()
    {
        _batch.Dispose();
        _context.Dispose();
        _model.Dispose();
    }
}

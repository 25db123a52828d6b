using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Conversion;

/// <summary>
/// A converted file as llama.cpp sees it: its tokenizer, and one pooled embedding per call (a fresh single-sequence
/// context each time, flash attention off so results sit close to an fp32 reference). Used by <c>--verify</c> and
/// the tests; not a serving path (that is the runtime's <c>EmbeddingModel</c>).
/// </summary>
internal sealed unsafe class LlamaCppProbe : IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly LlamaVocabulary _vocabulary;

    private LlamaCppProbe(SafeLlamaModelHandle model)
    {
        _model = model;
        _vocabulary = new LlamaVocabulary(model);
    }

    /// <summary>The length of a pooled embedding (<c>llama_model_n_embd_out</c>).</summary>
    public int EmbeddingLength => NativeMethods.llama_model_n_embd_out(_model);

    /// <summary>Loads <paramref name="path"/> with its weights (CPU, memory-mapped), after the managed GGUF checks.</summary>
    public static LlamaCppProbe Load(string path) => new(LlamaModelLoader.Load(path));

    /// <summary>llama.cpp's tokenization of <paramref name="text"/>.</summary>
    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial) => _vocabulary.Tokenize(text, addSpecial, parseSpecial);

    /// <summary>The pooled embedding of one token sequence.</summary>
    /// <param name="tokens">The token ids, specials included as they should be fed.</param>
    /// <param name="pooling">Pooling: <c>mean</c>, <c>cls</c> or <c>last</c>; null takes the file's <c>pooling_type</c>.</param>
    /// <param name="causal">Attention override for decoder models; null takes the file's setting.</param>
    public float[] Embed(IReadOnlyList<int> tokens, string? pooling = null, bool? causal = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        uint n = (uint)Math.Max(tokens.Count, 1);
        LlamaContextParams parameters = NativeMethods.llama_context_default_params();
        parameters.NCtx = (n + 255) / 256 * 256;
        parameters.NBatch = parameters.NCtx;
        parameters.NUbatch = parameters.NCtx;
        parameters.NSeqMax = 1;
        parameters.Embeddings = true;
        parameters.KvUnified = true;
        parameters.NThreads = Math.Max(1, Environment.ProcessorCount);
        parameters.NThreadsBatch = parameters.NThreads;
        parameters.FlashAttnType = LlamaFlashAttnType.Disabled;
        parameters.PoolingType = pooling switch
        {
            null => LlamaPoolingType.Unspecified,
            "mean" => LlamaPoolingType.Mean,
            "cls" => LlamaPoolingType.Cls,
            "last" => LlamaPoolingType.Last,
            _ => throw new ArgumentException($"Pooling '{pooling}' is not mean, cls or last.", nameof(pooling)),
        };
        parameters.AttentionType = causal switch
        {
            null => LlamaAttentionType.Unspecified,
            true => LlamaAttentionType.Causal,
            false => LlamaAttentionType.NonCausal,
        };
        using SafeLlamaContextHandle context = SafeLlamaContextHandle.Create(_model, parameters);
        using SafeLlamaBatchHandle batch = SafeLlamaBatchHandle.Create(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            batch.Add(tokens[i], i, [0], output: true);
        }
        NativeDecode.Decode(context, batch);
        float* embedding = NativeMethods.llama_get_embeddings_seq(context, 0);
        if (embedding is null)
        {
            throw new InvalidOperationException("llama.cpp returned no pooled embedding; the file has no pooling type and none was given.");
        }
        return new ReadOnlySpan<float>(embedding, EmbeddingLength).ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}

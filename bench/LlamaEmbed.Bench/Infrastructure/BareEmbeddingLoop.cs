using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>
/// The floor the managed runtime is measured against: the same llama.cpp work with nothing around it. Texts are
/// tokenized with <c>llama_tokenize</c> (BOS and EOS added by llama.cpp, no special-token parsing: the same ids the
/// runtime feeds), packed greedily into calls exactly as <c>EmbeddingModel</c> packs them (whole texts, up to the
/// call's tokens and sequences), then <c>llama_decode</c> and a copy of each <c>llama_get_embeddings_seq</c> vector.
/// No queue, no threads, no managed pooling, no normalization. With <c>perToken</c>, the context pools nothing (as the
/// runtime's managed pooling asks) and the loop sums each token's row in a plain loop: the same native work as
/// managed pooling, with the least managed code around it.
/// </summary>
internal sealed unsafe class BareEmbeddingLoop : IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly SafeLlamaBatchHandle _batch;
    private readonly nint _memory;
    private readonly LlamaVocabulary _vocabulary;
    private readonly int _tokensPerCall;
    private readonly int _sequencesPerCall;
    private readonly int _dimensions;
    private readonly bool _perToken;

    /// <summary>Loads the model and creates one context shaped like the runtime's (same n_ctx, n_batch = n_ubatch, n_seq_max, threads).</summary>
    /// <param name="path">The GGUF file.</param>
    /// <param name="tokensPerCall">n_batch = n_ubatch.</param>
    /// <param name="sequencesPerCall">n_seq_max.</param>
    /// <param name="threads">n_threads = n_threads_batch.</param>
    /// <param name="repack">llama.cpp's default <c>use_extra_bufts</c>: copy Q4_0/Q8_0 weights into CPU-friendly layouts (faster, but the copies come on top of the mapped file).</param>
    /// <param name="perToken">Pooling NONE and a plain mean of the token rows, instead of llama.cpp's MEAN pooling.</param>
    public BareEmbeddingLoop(string path, int tokensPerCall, int sequencesPerCall, int threads, bool repack = true, bool perToken = false)
    {
        NativeRuntime.EnsureInitialized();
        LlamaModelParams modelParams = NativeMethods.llama_model_default_params();
        modelParams.UseExtraBufts = repack;
        nint raw = NativeMethods.llama_model_load_from_file(path, modelParams);
        if (raw == 0)
        {
            throw new InvalidOperationException($"llama.cpp could not load '{path}'.");
        }
        _model = SafeLlamaModelHandle.FromNative(raw);
        LlamaContextParams p = NativeMethods.llama_context_default_params();
        p.NCtx = (uint)((tokensPerCall + 255) / 256 * 256);
        p.NBatch = (uint)tokensPerCall;
        p.NUbatch = (uint)tokensPerCall;
        p.NSeqMax = (uint)sequencesPerCall;
        p.NThreads = threads;
        p.NThreadsBatch = threads;
        p.Embeddings = true;
        p.PoolingType = perToken ? LlamaPoolingType.None : LlamaPoolingType.Mean;
        p.KvUnified = true;
        p.NoPerf = true;
        _context = SafeLlamaContextHandle.Create(_model, p);
        _memory = NativeMethods.llama_get_memory(_context);
        _vocabulary = new LlamaVocabulary(_model);
        _batch = SafeLlamaBatchHandle.Create(tokensPerCall);
        _tokensPerCall = tokensPerCall;
        _sequencesPerCall = sequencesPerCall;
        _perToken = perToken;
        _dimensions = NativeMethods.llama_model_n_embd_out(_model);
    }

    /// <summary>Tokenizes and embeds every text, packing as many per call as fit; returns the number of calls.</summary>
    public int Embed(string[] texts, float[][] destination) => Embed([.. texts.Select(Tokenize)], destination);

    /// <summary><c>llama_tokenize</c> with BOS/EOS added and special-token parsing off.</summary>
    public int[] Tokenize(string text) => _vocabulary.Tokenize(text, addSpecial: true, parseSpecial: false);

    private int Embed(int[][] texts, float[][] destination)
    {
        int calls = 0;
        int next = 0;
        while (next < texts.Length)
        {
            int first = next;
            int tokens = 0;
            _batch.Clear();
            while (next < texts.Length && next - first < _sequencesPerCall && tokens + texts[next].Length <= _tokensPerCall)
            {
                int[] ids = texts[next];
                for (int i = 0; i < ids.Length; i++)
                {
                    _batch.Add(ids[i], i, [next - first], output: true);
                }
                tokens += ids.Length;
                next++;
            }
            if (next == first)
            {
                throw new ArgumentException($"Text {first} has {texts[first].Length} tokens, more than a call takes ({_tokensPerCall}).", nameof(texts));
            }
            NativeMethods.llama_memory_clear(_memory, false);
            int rc = NativeMethods.llama_decode(_context, *_batch.Batch);
            if (rc != 0)
            {
                throw new InvalidOperationException($"llama_decode returned {rc}.");
            }
            int row = 0;
            for (int s = first; s < next; s++)
            {
                if (_perToken)
                {
                    MeanOfRows(row, texts[s].Length, destination[s]);
                    row += texts[s].Length;
                }
                else
                {
                    new ReadOnlySpan<float>(NativeMethods.llama_get_embeddings_seq(_context, s - first), _dimensions).CopyTo(destination[s]);
                }
            }
            calls++;
        }
        return calls;
    }

    private void MeanOfRows(int firstRow, int count, float[] destination)
    {
        Array.Clear(destination);
        for (int r = 0; r < count; r++)
        {
            float* values = NativeMethods.llama_get_embeddings_ith(_context, firstRow + r);
            for (int d = 0; d < destination.Length; d++)
            {
                destination[d] += values[d];
            }
        }
        for (int d = 0; d < destination.Length; d++)
        {
            destination[d] /= count;
        }
    }

    /// <summary>The pooled vector length.</summary>
    public int Dimensions => _dimensions;

    public void Dispose()
    {
        _batch.Dispose();
        _context.Dispose();
        _model.Dispose();
    }
}

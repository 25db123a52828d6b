using System.Threading.Channels;
using LlamaEmbed.Embeddings.Pooling;
using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Embeddings.Engine;

/// <summary>
/// One llama.cpp context and the thread that owns it. The thread drains the shared queue, packs whole texts into one
/// <c>llama_decode</c> call (sequence ids 0..k−1, positions 0..n−1, every token an output) up to the call's token and
/// sequence limits, clears the KV memory first on models that have one, and hands each text's pooled vector to its
/// request. A text never spans two calls, because llama.cpp pools per micro-batch. Each call's token ids go to the
/// model's <see cref="TokenEmbeddingPages"/> (when it was loaded to release them), which hands the table back to the
/// kernel once the calls have spread over enough of it.
/// </summary>
internal sealed unsafe class EmbeddingWorker : IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly SafeLlamaBatchHandle _batch;
    private readonly ChannelReader<PendingText> _queue;
    private readonly WorkerSettings _settings;
    private readonly CancellationToken _stop;
    private readonly List<PendingText> _packed = [];
    private readonly float[] _pooled;
    private readonly nint _memory;
    private readonly Thread _thread;
    private PendingText? _carry;
    private long _calls;
    private long _tokens;

    /// <summary>Creates the context (failing here, not on first use, when memory is short) and starts the thread.</summary>
    /// <exception cref="LlamaContextException">llama.cpp could not create the context.</exception>
    public EmbeddingWorker(SafeLlamaModelHandle model, WorkerSettings settings, ChannelReader<PendingText> queue, int number, CancellationToken stop)
    {
        _model = model;
        _settings = settings;
        _queue = queue;
        _stop = stop;
        _pooled = new float[settings.PooledDimensions];
        _context = SafeLlamaContextHandle.Create(model, ContextParams(settings));
        try
        {
            CheckContext();
            _memory = NativeMethods.llama_get_memory(_context);
            _batch = SafeLlamaBatchHandle.Create(settings.Shape.TokensPerCall);
        }
        catch
        {
            _context.Dispose();
            throw;
        }
        _thread = new Thread(Run) { IsBackground = true, Name = $"llamaembed-embed-{number}" };
        _thread.Start();
    }

    /// <summary>The number of <c>llama_decode</c> calls made.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>The tokens decoded.</summary>
    public long Tokens => Interlocked.Read(ref _tokens);

    /// <summary>The context parameters for <paramref name="settings"/>.</summary>
    internal static LlamaContextParams ContextParams(WorkerSettings settings)
    {
        CallShape shape = settings.Shape;
        shape.ThrowIfInvalid();
        LlamaContextParams p = NativeMethods.llama_context_default_params();
        p.NCtx = (uint)((shape.TokensPerCall + 255) / 256 * 256);
        p.NBatch = (uint)shape.TokensPerCall;
        p.NUbatch = (uint)shape.TokensPerCall;
        p.NSeqMax = (uint)shape.SequencesPerCall;
        p.NThreads = settings.Threads;
        p.NThreadsBatch = settings.Threads;
        p.Embeddings = true;
        p.PoolingType = settings.ContextPooling;
        p.AttentionType = settings.Attention;
        p.KvUnified = true;
        p.NoPerf = true;
        return p;
    }

    /// <summary>Waits for the thread to end (after the queue completes or the stop token fires).</summary>
    public void Join() => _thread.Join();

    /// <summary>Fails the text the worker held back for its next call, if any; call after <see cref="Join"/>.</summary>
    public void FailCarried(Exception exception)
    {
        _carry?.Request.Fail(exception);
        _carry = null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _batch.Dispose();
        _context.Dispose();
    }

    private void CheckContext()
    {
        uint batch = NativeMethods.llama_n_batch(_context);
        uint ubatch = NativeMethods.llama_n_ubatch(_context);
        uint sequences = NativeMethods.llama_n_seq_max(_context);
        LlamaPoolingType pooling = NativeMethods.llama_pooling_type(_context);
        CallShape shape = _settings.Shape;
        if (batch != shape.TokensPerCall || ubatch != shape.TokensPerCall || sequences != shape.SequencesPerCall || pooling != _settings.ContextPooling)
        {
            throw new InvalidOperationException(
                $"llama.cpp changed the context settings (n_batch {batch}, n_ubatch {ubatch}, n_seq_max {sequences}, pooling {pooling}; asked for {shape.TokensPerCall}, {shape.TokensPerCall}, {shape.SequencesPerCall}, {_settings.ContextPooling}).");
        }
    }

    private void Run()
    {
        try
        {
            while (TakeCall())
            {
                Execute();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposal: the owner fails whatever is left.
        }
    }

    /// <summary>Blocks for the next text; false when the queue is complete and empty.</summary>
    private bool Next(out PendingText item)
    {
        if (_carry is not null)
        {
            item = _carry;
            _carry = null;
            return true;
        }
        while (true)
        {
            if (_queue.TryRead(out item!))
            {
                return true;
            }
            if (!_queue.WaitToReadAsync(_stop).AsTask().GetAwaiter().GetResult())
            {
                return false;
            }
        }
    }

    /// <summary>Packs the next call: the first live text, then whatever is queued while it fits.</summary>
    private bool TakeCall()
    {
        _packed.Clear();
        int tokens = 0;
        while (_packed.Count == 0)
        {
            if (!Next(out PendingText first))
            {
                return false;
            }
            if (!first.Request.IsDone)
            {
                _packed.Add(first);
                tokens = first.Tokens.Count;
            }
        }
        CallShape shape = _settings.Shape;
        while (_packed.Count < shape.SequencesPerCall && _queue.TryRead(out PendingText? next))
        {
            if (next.Request.IsDone)
            {
                continue;
            }
            if (tokens + next.Tokens.Count > shape.TokensPerCall)
            {
                _carry = next;
                break;
            }
            _packed.Add(next);
            tokens += next.Tokens.Count;
        }
        return true;
    }

    private void Execute()
    {
        _batch.Clear();
        for (int s = 0; s < _packed.Count; s++)
        {
            ReadOnlySpan<int> ids = _packed[s].Tokens.Span;
            for (int i = 0; i < ids.Length; i++)
            {
                _batch.Add(ids[i], i, [s], output: true);
            }
        }
        try
        {
            NativeMethods.llama_memory_clear(_memory, false);
            NativeDecode.Decode(_context, _batch, _stop);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            FailPacked(new ObjectDisposedException(nameof(EmbeddingModel), "The model was disposed while this text was being embedded."));
            throw;
        }
        catch (LlamaException ex)
        {
            FailPacked(ex);
            return;
        }
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _tokens, _batch.Count);
        int offset = 0;
        for (int s = 0; s < _packed.Count; s++)
        {
            PendingText item = _packed[s];
            int count = item.Tokens.Count;
            if (Pool(s, offset, item.Tokens))
            {
                item.Request.Complete(item.Index, item.Tokens, _pooled);
            }
            else
            {
                item.Request.Fail(new LlamaException($"llama.cpp returned no embedding for sequence {s} of a successful decode.", NativeLog.RecentLines()));
            }
            offset += count;
        }
        // The context holds a reference on the model, so its mapping is alive.
        if (_model.TokenEmbeddings is { } table)
        {
            foreach (PendingText item in _packed)
            {
                table.Use(item.Tokens.Span);
            }
        }
    }

    /// <summary>Fills <see cref="_pooled"/> for sequence <paramref name="sequence"/> whose tokens start at batch index <paramref name="offset"/>.</summary>
    private bool Pool(int sequence, int offset, TokenizedText tokens)
    {
        int dimensions = _settings.PooledDimensions;
        if (_settings.NativePooling)
        {
            float* pooled = NativeMethods.llama_get_embeddings_seq(_context, sequence);
            if (pooled is null)
            {
                return false;
            }
            new ReadOnlySpan<float>(pooled, dimensions).CopyTo(_pooled);
            return true;
        }
        bool missing = false;
        int skip = _settings.IncludePrompt ? 0 : tokens.PromptTokenCount;
        ManagedPooling.Pool(
            i =>
            {
                float* row = NativeMethods.llama_get_embeddings_ith(_context, offset + i);
                missing |= row is null;
                return row is null ? new float[dimensions] : new ReadOnlySpan<float>(row, dimensions);
            },
            tokens.Count, dimensions, _settings.Pooling, skip, _pooled);
        return !missing;
    }

    private void FailPacked(Exception exception)
    {
        foreach (PendingText item in _packed)
        {
            item.Request.Fail(exception);
        }
        _packed.Clear();
    }
}

using System.Numerics.Tensors;
using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Reranking;

/// <summary>
/// Runs rank1 pairs as parallel sequences of one causal llama.cpp context.
/// </summary>
/// <remarks>
/// <para>Per request: the longest token prefix that every pair's prompt shares (instruction and query, as tokenized in
/// each full prompt, so it is exact) is decoded once in a dedicated sequence and copied into each slot with
/// <c>llama_memory_seq_cp</c>; the unified KV cache shares those cells rather than duplicating them. Up to
/// <see cref="Rank1Options.ParallelSequences"/> pairs occupy slots; each decode step carries one token for every
/// reasoning sequence plus prompt chunks of newly admitted ones (logits only where a sequence needs them), and the
/// next token of each sequence is the argmax of its logits row (greedy, first maximum on ties). A finished pair's
/// sequence is removed and its slot takes the next waiting pair.</para>
/// <para>Per pair the rules are rank1.md §2: stop on the vocabulary's end-of-text token, on a stop string in the
/// decoded text, or after the reasoning budget; score from the last step when <c>" true"</c> and <c>" false"</c> are
/// both in its top 20; otherwise drop the generated tokens, feed the fallback tail (the prompt's tokens are reused:
/// tokenizing the forced prompt from scratch splits at the special <c>&lt;think&gt;</c> and yields the same prompt ids)
/// and score its last position; 0.5 when the fallback prompt does not fit.</para>
/// <para>The context is created for the largest request seen and reused; it is not thread-safe, and
/// <see cref="Rank1Reranker"/> serialises calls.</para>
/// </remarks>
internal sealed unsafe class Rank1Engine : IDisposable
{
    /// <summary>KV cells reserved per pair beyond prompt and budget, for a fallback tail that re-tokenizes longer than the reasoning did.</summary>
    internal const int FallbackHeadroom = 64;

    private readonly SafeLlamaModelHandle _model;
    private readonly Rank1Vocabulary _vocabulary;
    private readonly Rank1Options _options;
    private readonly int _threads;
    private readonly SafeLlamaBatchHandle _batch;
    private SafeLlamaContextHandle? _context;
    private int _contextCells;

    /// <summary>Creates the engine; the context is created on the first run.</summary>
    public Rank1Engine(SafeLlamaModelHandle model, Rank1Vocabulary vocabulary, Rank1Options options, int threads)
    {
        _model = model;
        _vocabulary = vocabulary;
        _options = options;
        _threads = threads;
        _batch = SafeLlamaBatchHandle.Create(options.BatchSize);
    }

    /// <summary>The sequence id that holds the shared prefix; slots use 0 … ParallelSequences − 1.</summary>
    private int PrefixSeqId => _options.ParallelSequences;

    /// <summary>
    /// Judges every pair; <c>pairs[i].Index</c> must be <c>i</c>. <paramref name="onText"/> receives streamable reasoning pieces (pair index, text) and
    /// <paramref name="onFinished"/> each judgement as its pair completes; both run on the calling thread.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="LlamaException">llama.cpp failed to create the context or to decode.</exception>
    public Rank1Judgement[] Run(
        IReadOnlyList<Rank1PairPrompt> pairs,
        Action<int, string>? onText,
        Action<Rank1Judgement>? onFinished,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int slotCount = Math.Min(_options.ParallelSequences, pairs.Count);
        int prefix = _options.SharePromptPrefix ? SharedPrefixLength(pairs) : 0;
        int[] reserved = pairs.Select(p => Math.Min(_options.ContextSize, p.Tokens.Length + _options.MaxReasoningTokens + FallbackHeadroom)).ToArray();
        long cells = prefix + reserved.Select(r => (long)(r - prefix)).OrderDescending().Take(slotCount).Sum();
        SafeLlamaContextHandle context = EnsureContext(cells);
        nint memory = NativeMethods.llama_get_memory(context);
        NativeMethods.llama_memory_clear(memory, false);

        try
        {
            if (prefix > 0)
            {
                DecodePrefix(context, pairs[0].Tokens.AsSpan(0, prefix), cancellationToken);
            }
            var results = new Rank1Judgement[pairs.Count];
            var slots = new Rank1Sequence?[slotCount];
            int next = 0;
            int finished = 0;
            while (finished < pairs.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (int s = 0; s < slotCount; s++)
                {
                    if (slots[s] is null && next < pairs.Count)
                    {
                        if (prefix > 0)
                        {
                            NativeMethods.llama_memory_seq_cp(memory, PrefixSeqId, s, 0, prefix);
                        }
                        slots[s] = new Rank1Sequence(s, pairs[next], prefix, reserved[next]);
                        next++;
                    }
                }
                FillBatch(slots);
                Decode(context, cancellationToken);
                for (int s = 0; s < slotCount; s++)
                {
                    Rank1Sequence? sequence = slots[s];
                    if (sequence is null || sequence.OutputIndex < 0)
                    {
                        continue;
                    }
                    Rank1Judgement? judgement = Advance(sequence, Logits(context, sequence.OutputIndex), memory, onText);
                    if (judgement is not null)
                    {
                        NativeMethods.llama_memory_seq_rm(memory, s, -1, -1);
                        slots[s] = null;
                        results[judgement.Index] = judgement;
                        finished++;
                        onFinished?.Invoke(judgement);
                    }
                }
            }
            return results;
        }
        finally
        {
            NativeMethods.llama_memory_clear(memory, false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _context?.Dispose();
        _context = null;
        _batch.Dispose();
    }

    /// <summary>The longest token prefix of every prompt, kept one short of the shortest so each slot decodes at least its last token.</summary>
    internal static int SharedPrefixLength(IReadOnlyList<Rank1PairPrompt> pairs)
    {
        int[] first = pairs[0].Tokens;
        int length = pairs.Min(p => p.Tokens.Length) - 1;
        foreach (Rank1PairPrompt pair in pairs)
        {
            length = Math.Min(length, first.AsSpan(0, length).CommonPrefixLength(pair.Tokens.AsSpan(0, length)));
        }
        return Math.Max(length, 0);
    }

    private SafeLlamaContextHandle EnsureContext(long cells)
    {
        if (_context is not null && _contextCells >= cells)
        {
            return _context;
        }
        _context?.Dispose();
        _context = null;
        LlamaContextParams p = NativeMethods.llama_context_default_params();
        p.NCtx = checked((uint)cells);
        p.NBatch = (uint)_options.BatchSize;
        p.NUbatch = (uint)_options.BatchSize;
        p.NSeqMax = (uint)_options.ParallelSequences + 1;
        // One logits row per sequence and step; llama.cpp asserts n_outputs_max >= n_seq_max (the process dies otherwise).
        p.NOutputsMax = p.NSeqMax;
        p.NThreads = _threads;
        p.NThreadsBatch = _threads;
        p.Embeddings = false;
        p.KvUnified = true;
        p.NoPerf = true;
        p.PoolingType = LlamaPoolingType.None;
        p.AttentionType = LlamaAttentionType.Causal;
        _context = SafeLlamaContextHandle.Create(_model, p);
        _contextCells = (int)NativeMethods.llama_n_ctx(_context);
        return _context;
    }

    private void DecodePrefix(SafeLlamaContextHandle context, ReadOnlySpan<int> tokens, CancellationToken cancellationToken)
    {
        for (int start = 0; start < tokens.Length; start += _options.BatchSize)
        {
            _batch.Clear();
            int end = Math.Min(tokens.Length, start + _options.BatchSize);
            for (int i = start; i < end; i++)
            {
                _batch.Add(tokens[i], i, [PrefixSeqId], output: false);
            }
            Decode(context, cancellationToken);
        }
    }

    /// <summary>One token per reasoning sequence first, then prompt or fallback chunks in slot order as room allows.</summary>
    private void FillBatch(Rank1Sequence?[] slots)
    {
        _batch.Clear();
        foreach (Rank1Sequence? sequence in slots)
        {
            if (sequence is null)
            {
                continue;
            }
            sequence.OutputIndex = -1;
            if (sequence.Phase == Rank1Phase.Reasoning)
            {
                sequence.OutputIndex = _batch.Count;
                _batch.Add(sequence.LastToken, sequence.Position++, [sequence.SeqId], output: true);
            }
        }
        foreach (Rank1Sequence? sequence in slots)
        {
            if (sequence is null || sequence.Phase == Rank1Phase.Reasoning)
            {
                continue;
            }
            int take = Math.Min(_batch.Capacity - _batch.Count, sequence.Pending.Length - sequence.PendingOffset);
            for (int k = 0; k < take; k++)
            {
                bool last = sequence.PendingOffset == sequence.Pending.Length - 1;
                if (last)
                {
                    sequence.OutputIndex = _batch.Count;
                }
                _batch.Add(sequence.Pending[sequence.PendingOffset++], sequence.Position++, [sequence.SeqId], output: last);
            }
        }
    }

    /// <summary>Consumes one logits row of <paramref name="sequence"/>; returns its judgement once it is complete.</summary>
    private Rank1Judgement? Advance(Rank1Sequence sequence, ReadOnlySpan<float> logits, nint memory, Action<int, string>? onText)
    {
        if (sequence.Phase == Rank1Phase.Fallback)
        {
            double score = Rank1Scoring.Score(logits[_vocabulary.TrueId], logits[_vocabulary.FalseId]);
            return double.IsNaN(score) ? Judge(sequence, 0.5, Rank1Outcome.Default) : Judge(sequence, score, Rank1Outcome.Fallback);
        }
        sequence.Phase = Rank1Phase.Reasoning;
        int token = TensorPrimitives.IndexOfMax(logits);
        sequence.Generated++;
        Rank1StopReason? stop = null;
        if (token == _vocabulary.EndOfTextId)
        {
            stop = Rank1StopReason.EndOfText;
        }
        else if (sequence.Text.AppendAndCheckStop(_vocabulary.Piece(token)))
        {
            stop = Rank1StopReason.StopString;
        }
        else if (sequence.Generated >= _options.MaxReasoningTokens)
        {
            stop = Rank1StopReason.ReasoningBudget;
        }
        if (onText is not null)
        {
            string piece = stop is null ? sequence.Text.TakeStreamable() : sequence.Text.TakeRest();
            if (piece.Length > 0)
            {
                onText(sequence.Pair.Index, piece);
            }
        }
        if (stop is null)
        {
            sequence.LastToken = token;
            return null;
        }
        sequence.StopReason = stop.Value;
        if (Rank1Scoring.IsInTop(logits, _vocabulary.TrueId) && Rank1Scoring.IsInTop(logits, _vocabulary.FalseId))
        {
            double score = Rank1Scoring.Score(logits[_vocabulary.TrueId], logits[_vocabulary.FalseId]);
            if (!double.IsNaN(score))
            {
                return Judge(sequence, score, stop == Rank1StopReason.StopString ? Rank1Outcome.StopString : Rank1Outcome.LastStep);
            }
        }
        return StartFallback(sequence, memory);
    }

    /// <summary>rank1.md §2.3: forced prompt = prompt + "\n" + cleaned reasoning + "\n&lt;/think&gt;", one scored step.</summary>
    private Rank1Judgement? StartFallback(Rank1Sequence sequence, nint memory)
    {
        string cleaned = Rank1FallbackText.Clean(sequence.Text.Reasoning);
        int[] tail = _vocabulary.Tokenize(Rank1Prompt.BuildFallbackTail(cleaned), parseSpecial: true);
        int promptLength = sequence.Pair.Tokens.Length;
        if (promptLength + tail.Length > sequence.ReservedCells)
        {
            return Judge(sequence, 0.5, Rank1Outcome.Default);
        }
        NativeMethods.llama_memory_seq_rm(memory, sequence.SeqId, promptLength, -1);
        sequence.Position = promptLength;
        sequence.Pending = tail;
        sequence.PendingOffset = 0;
        sequence.Phase = Rank1Phase.Fallback;
        return null;
    }

    private static Rank1Judgement Judge(Rank1Sequence sequence, double score, Rank1Outcome outcome) => new()
    {
        Index = sequence.Pair.Index,
        Score = score,
        Reasoning = sequence.Text.Reasoning,
        PromptTokens = sequence.Pair.Tokens.Length,
        ReasoningTokens = sequence.Generated,
        Outcome = outcome,
        StopReason = sequence.StopReason,
        Truncated = sequence.Pair.Truncated,
    };

    private ReadOnlySpan<float> Logits(SafeLlamaContextHandle context, int outputIndex)
    {
        float* row = NativeMethods.llama_get_logits_ith(context, outputIndex);
        if (row is null)
        {
            throw new LlamaException($"llama.cpp returned no logits for batch row {outputIndex}.");
        }
        return new ReadOnlySpan<float>(row, _vocabulary.Size);
    }

    private void Decode(SafeLlamaContextHandle context, CancellationToken cancellationToken)
    {
        NativeDecode.Decode(context, _batch, cancellationToken);
        _model.TokenEmbeddings?.Use(new ReadOnlySpan<int>(_batch.Batch->Token, _batch.Count));
    }
}

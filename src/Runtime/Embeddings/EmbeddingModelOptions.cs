namespace LlamaEmbed.Embeddings;

/// <summary>How <see cref="EmbeddingModel.Load"/> loads a model and sizes its engine. Immutable; every property has a working default.</summary>
public sealed record EmbeddingModelOptions
{
    /// <summary>The defaults.</summary>
    public static EmbeddingModelOptions Default { get; } = new();

    /// <summary>Which llama.cpp build to use (process-wide, fixed by the first model or <see cref="NativeRuntime.Initialize"/>).</summary>
    /// <remarks>By default, null: whatever <see cref="NativeRuntime"/> was initialized with, else the CPU build.</remarks>
    public LlamaBackend? Backend { get; init; }

    /// <summary>Compute threads per context.</summary>
    /// <remarks>By default, null: the processor count divided by <see cref="ContextCount"/> (at least 1).</remarks>
    public int? Threads { get; init; }

    /// <summary>
    /// How many llama.cpp contexts (each with its own worker thread) embed in parallel. Each costs its own logits and
    /// compute buffers; the model's weights are shared.
    /// </summary>
    /// <remarks>By default, 1: on CPU one context with all cores is as fast as several sharing them, and uses the least memory.</remarks>
    public int ContextCount { get; init; } = 1;

    /// <summary>
    /// The most tokens one text may have (BOS, prompt and EOS included); longer texts are truncated or rejected
    /// (<see cref="EmbedOptions.Truncate"/>). Must not exceed the model's training context.
    /// </summary>
    /// <remarks>
    /// By default, null: the model's training context (2048 for EmbeddingGemma), capped at the tokens per call
    /// (<see cref="BatchTokenBudget"/>), because a text must fit in one call. Setting it above the derived budget
    /// raises the budget to it, and with it the memory used.
    /// </remarks>
    public int? ContextSize { get; init; }

    /// <summary>
    /// The memory, in bytes, that the contexts' per-call buffers may use together; it decides the tokens per call
    /// when <see cref="BatchTokenBudget"/> is not set.
    /// </summary>
    /// <remarks>
    /// <para>By default, null: 1 GiB. Each context holds a logits buffer of <c>n_vocab × 4</c> bytes per token of
    /// its largest call (llama.cpp reserves it even for embedding models): about 1 MiB per token for Gemma's 262,144-token
    /// vocabulary, 0.25 MiB for Tarka's 64,400. Measured on EmbeddingGemma-300m's shape (Q8_0, 319 MiB file, CPU):
    /// peak process memory 414, 720 and 1184 MiB at 128, 512 and 960 tokens per call. So 1 GiB gives EmbeddingGemma
    /// about 960 tokens per call (texts up to 960 tokens; its limit is 2048) and Tarka its full 2048.</para>
    /// <para>The trade-off: on CPU, batching short texts gains about 1.3× throughput by 256–512 tokens per call and
    /// nothing beyond, while every token per call costs its logits row for the context's lifetime. Smaller budgets
    /// suit edge devices; raise it (or <see cref="ContextSize"/>) only for long texts.</para>
    /// </remarks>
    public long? MemoryBudgetBytes { get; init; }

    /// <summary>Tokens per <c>llama_decode</c> call (<c>n_batch = n_ubatch</c>); overrides the derivation from <see cref="MemoryBudgetBytes"/>.</summary>
    /// <remarks>
    /// By default, null: derived from the memory budget, between 64 and the model's training context (at most 4096).
    /// Values of 64 or more are rounded down to a multiple of 64, so the texts per call (<c>n_seq_max</c>, up to
    /// 256) can divide it, which llama.cpp requires.
    /// </remarks>
    public int? BatchTokenBudget { get; init; }

    /// <summary>The model family, overriding what the file says (<c>llamaembed.profile</c>, architecture and name).</summary>
    /// <remarks>By default, null: picked from the file.</remarks>
    public EmbeddingProfileKind? Profile { get; init; }

    /// <summary>Pooling, overriding the file and profile.</summary>
    /// <remarks>By default, null: <c>llamaembed.pooling</c>, else <c>{arch}.pooling_type</c>, else the profile's, else mean for bidirectional and last-token for causal models.</remarks>
    public EmbeddingPooling? Pooling { get; init; }

    /// <summary>Whether mean pooling includes the prompt tokens (sentence-transformers' <c>include_prompt</c>); false needs managed pooling.</summary>
    /// <remarks>By default, null: <c>llamaembed.include_prompt</c>, else true (EmbeddingGemma's setting).</remarks>
    public bool? IncludePrompt { get; init; }

    /// <summary>Where pooling runs.</summary>
    /// <remarks>By default, <see cref="Embeddings.PoolingExecution.Auto"/>: native unless the prompt is left out of the mean.</remarks>
    public PoolingExecution PoolingExecution { get; init; } = PoolingExecution.Auto;

    /// <summary>For <c>gemma3</c> files: causal (true) or bidirectional (false) attention, overriding <c>gemma3.attention.causal</c>.</summary>
    /// <remarks>By default, null: the file's key, else causal. <c>gemma-embedding</c> is always bidirectional.</remarks>
    public bool? CausalAttention { get; init; }

    /// <summary>
    /// Whether to keep only the token-embedding rows in use resident (Linux, when llama.cpp memory-maps the file and
    /// reads the table only row by row, as for EmbeddingGemma): the table's pages are handed back to the kernel after
    /// loading, and again whenever the calls since have spread over more than 32 MiB of it.
    /// </summary>
    /// <remarks>
    /// <para>By default, true. llama.cpp maps the whole file resident (<c>MAP_POPULATE</c>), but a call reads only its
    /// own tokens' rows, and the table is most of a Gemma file: 262,144 rows, 213 MiB of EmbeddingGemma-300m's 319 MiB
    /// in Q8_0. Released rows come back from the page cache when a call uses them, in blocks of up to 2 MiB where the
    /// kernel caches the file in large folios; the runtime counts those blocks from each call's token ids and
    /// releases the table again once they pass 32 MiB, so a varied workload does not grow it back to its full size.</para>
    /// <para>The load itself still maps the whole file, so it sets the process's peak whenever the contexts'
    /// buffers fit in the released room: on EmbeddingGemma-300m's shape in Q8_0 the peak is file + 95 MiB up to 128
    /// tokens per call, against file + 113 MiB for a bare llama.cpp loop at 32 (bench/README.md). A call pays nothing
    /// unless it triggers a release (a <c>madvise</c>, about 0.4 ms, and the re-faults that follow).</para>
    /// <para>Tied output matrices (Gemma-3 decoders without <c>output.weight</c>) are read whole by every decode and
    /// are never released; on other systems this does nothing.</para>
    /// </remarks>
    public bool ReleaseUnusedTokenEmbeddings { get; init; } = true;

    /// <summary>Checks every value's range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    internal void Validate()
    {
        if (Threads is int threads)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(Threads));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextCount, 1, nameof(ContextCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ContextCount, 64, nameof(ContextCount));
        if (ContextSize is int contextSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(contextSize, 8, nameof(ContextSize));
        }
        if (MemoryBudgetBytes is long memory)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(memory, 1L << 20, nameof(MemoryBudgetBytes));
        }
        if (BatchTokenBudget is int budget)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(budget, 8, nameof(BatchTokenBudget));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(budget, 65536, nameof(BatchTokenBudget));
        }
        if (!Enum.IsDefined(PoolingExecution))
        {
            throw new ArgumentOutOfRangeException(nameof(PoolingExecution), PoolingExecution, "Unknown pooling execution.");
        }
    }
}

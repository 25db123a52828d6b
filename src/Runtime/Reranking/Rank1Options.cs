namespace LlamaEmbed.Reranking;

/// <summary>Load-time settings of a <see cref="Rank1Reranker"/>. Every default is the official rank1 setting unless stated.</summary>
public sealed record Rank1Options
{
    /// <summary>Most reasoning tokens generated per passage (vLLM <c>max_tokens</c>).</summary>
    /// <remarks>By default 8192, like the official code. On a laptop CPU a few hundred to 1024 is the practical choice;
    /// a pair that runs out of budget is judged by the fallback (rank1.md §2.3).</remarks>
    public int MaxReasoningTokens { get; init; } = 8192;

    /// <summary>Most tokens one pair may use, prompt plus reasoning (vLLM <c>max_model_len</c>).</summary>
    /// <remarks>By default 16000, like the official code. A prompt longer than
    /// <c>ContextSize − MaxReasoningTokens</c> tokens has its passage cut (see <see cref="Rank1Judgement.Truncated"/>).</remarks>
    public int ContextSize { get; init; } = 16000;

    /// <summary>How many passages are generated side by side in one llama.cpp context, one token each per decode step.</summary>
    /// <remarks>By default 4. Each running passage holds KV cache for its prompt and reasoning budget, so memory grows
    /// with this number; scores do not depend on it (beyond float rounding).</remarks>
    public int ParallelSequences { get; init; } = 4;

    /// <summary>Whether the token prefix shared by every prompt of a request (instruction and query) is evaluated once
    /// and copied to each sequence, instead of once per passage.</summary>
    /// <remarks>By default true. The official runs had no prefix caching; sharing changes speed, not scores.</remarks>
    public bool SharePromptPrefix { get; init; } = true;

    /// <summary>A dataset prompt with the <see cref="Rank1Prompt.QueryPlaceholder"/> placeholder, applied to every query
    /// (see <see cref="Rank1DatasetPrompts"/>), or null for the bare query.</summary>
    /// <remarks>By default null.</remarks>
    public string? DatasetPrompt { get; init; }

    /// <summary>Which llama.cpp build to use (process-wide, fixed by the first model or <see cref="NativeRuntime.Initialize"/>).</summary>
    /// <remarks>By default null: whatever <see cref="NativeRuntime"/> was initialized with, else the CPU build.</remarks>
    public LlamaBackend? Backend { get; init; }

    /// <summary>CPU threads llama.cpp uses; null for <see cref="Environment.ProcessorCount"/>.</summary>
    /// <remarks>By default null.</remarks>
    public int? Threads { get; init; }

    /// <summary>Most tokens per <c>llama_decode</c> call; long prompts are evaluated in chunks of this size.</summary>
    /// <remarks>By default 512.</remarks>
    public int BatchSize { get; init; } = 512;

    /// <summary>Checks every setting and returns the thread count to use.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    internal int Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReasoningTokens, 1, nameof(MaxReasoningTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextSize, 2, nameof(ContextSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(MaxReasoningTokens, ContextSize, nameof(MaxReasoningTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(ParallelSequences, 1, nameof(ParallelSequences));
        // One sequence id is kept for the shared prefix; llama.cpp allows 256 with a unified KV cache.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ParallelSequences, 255, nameof(ParallelSequences));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, ParallelSequences, nameof(BatchSize));
        int threads = Threads ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(Threads));
        return threads;
    }
}

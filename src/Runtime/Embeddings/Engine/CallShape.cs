namespace LlamaEmbed.Embeddings.Engine;

/// <summary>
/// How much one <c>llama_decode</c> call carries: at most <see cref="TokensPerCall"/> tokens in at most
/// <see cref="SequencesPerCall"/> sequences. The context gets <c>n_batch = n_ubatch = TokensPerCall</c> and
/// <c>n_seq_max = SequencesPerCall</c>, and <c>n_ubatch</c> must be a multiple of <c>n_seq_max</c> (llama.cpp
/// aborts the process otherwise).
/// </summary>
/// <param name="TokensPerCall">Tokens per call (the token budget).</param>
/// <param name="SequencesPerCall">Texts per call.</param>
internal readonly record struct CallShape(int TokensPerCall, int SequencesPerCall)
{
    /// <summary>llama.cpp's <c>LLAMA_MAX_SEQ</c>.</summary>
    public const int MaxSequences = 256;

    /// <summary>The shape for a token budget: budgets of 64 or more are rounded down to a multiple of 64, then the sequence limit is the largest divisor of the budget up to 256.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenBudget"/> is less than 1.</exception>
    public static CallShape For(int tokenBudget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenBudget, 1);
        int tokens = tokenBudget >= 64 ? tokenBudget / 64 * 64 : tokenBudget;
        int sequences = Math.Min(MaxSequences, tokens);
        while (tokens % sequences != 0)
        {
            sequences--;
        }
        var shape = new CallShape(tokens, sequences);
        shape.ThrowIfInvalid();
        return shape;
    }

    /// <summary>Asserts the invariant llama.cpp needs.</summary>
    /// <exception cref="InvalidOperationException">The shape would abort llama.cpp.</exception>
    public void ThrowIfInvalid()
    {
        if (TokensPerCall < 1 || SequencesPerCall < 1 || SequencesPerCall > MaxSequences || TokensPerCall % SequencesPerCall != 0)
        {
            throw new InvalidOperationException(
                $"Invalid call shape: {TokensPerCall} tokens with {SequencesPerCall} sequences; n_ubatch must be a positive multiple of n_seq_max (1–{MaxSequences}).");
        }
    }
}

namespace LlamaEmbed.Reranking;

/// <summary>rank1's verdict on one (query, passage) pair.</summary>
public sealed record Rank1Judgement
{
    /// <summary>The passage's position in the request's input list (0 for a single-pair call).</summary>
    public required int Index { get; init; }

    /// <summary>Relevance in (0, 1): sigmoid(logit(" true") − logit(" false")) at the decision step, or exactly 0.5 when
    /// no judgement could be made (<see cref="Rank1Outcome.Default"/>).</summary>
    public required double Score { get; init; }

    /// <summary>True when <see cref="Score"/> ≥ 0.5, the threshold third-party rank1 code uses.</summary>
    public bool Relevant => Score >= 0.5;

    /// <summary>The generated reasoning, decoded with special tokens as text, with a matched stop string and the
    /// end-of-text token removed. For a fallback this is the reasoning as generated, before the fallback's cleaning.</summary>
    public required string Reasoning { get; init; }

    /// <summary>Tokens in the prompt (after any truncation), including the final <c>&lt;think&gt;</c>.</summary>
    public required int PromptTokens { get; init; }

    /// <summary>Tokens generated in the main pass, including the token that completed a stop string.</summary>
    public required int ReasoningTokens { get; init; }

    /// <summary>Where the score came from.</summary>
    public required Rank1Outcome Outcome { get; init; }

    /// <summary>Why the main pass stopped.</summary>
    public required Rank1StopReason StopReason { get; init; }

    /// <summary>True when the passage was cut to fit the context: its tokens were truncated from the end so that the
    /// prompt, still ending in <c>"\n&lt;think&gt;"</c>, is at most <see cref="Rank1Options.ContextSize"/> −
    /// <see cref="Rank1Options.MaxReasoningTokens"/> tokens.</summary>
    public required bool Truncated { get; init; }
}

namespace LlamaEmbed.Reranking;

/// <summary>Why the reasoning of a pair stopped.</summary>
public enum Rank1StopReason
{
    /// <summary>The generated text contains <c>&lt;/think&gt; true</c> or <c>&lt;/think&gt; false</c>.</summary>
    StopString,

    /// <summary>The model produced the vocabulary's end-of-text token (only that one; other end-of-generation tokens are ordinary text).</summary>
    EndOfText,

    /// <summary><see cref="Rank1Options.MaxReasoningTokens"/> tokens were generated.</summary>
    ReasoningBudget,
}

namespace LlamaEmbed.Reranking;

/// <summary>Which logits a <see cref="Rank1Judgement.Score"/> came from (rank1.md §2.2–§2.3).</summary>
public enum Rank1Outcome
{
    /// <summary>The reasoning closed with <c>&lt;/think&gt; true</c> or <c>&lt;/think&gt; false</c> and the score comes from
    /// the step that produced the judgement token. The normal case.</summary>
    StopString,

    /// <summary>Generation ended without a stop string (end of text or the reasoning budget), but <c>" true"</c> and
    /// <c>" false"</c> were both among the 20 most likely tokens of the last step, so the official code scores that step.</summary>
    LastStep,

    /// <summary>The reasoning did not yield a usable judgement; it was cut at its last sentence end, closed with
    /// <c>&lt;/think&gt;</c>, and the score comes from one constrained step after that.</summary>
    Fallback,

    /// <summary>Neither the reasoning nor the fallback could be scored (the fallback prompt did not fit); the score is 0.5.</summary>
    Default,
}

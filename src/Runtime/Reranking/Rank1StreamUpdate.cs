namespace LlamaEmbed.Reranking;

/// <summary>
/// One item of <see cref="Rank1Reranker.StreamReasoningAsync"/>: a piece of reasoning text while the model thinks, then
/// a last item that carries the <see cref="Judgement"/>. The pieces concatenate to <see cref="Rank1Judgement.Reasoning"/>.
/// </summary>
/// <param name="Text">The next piece of reasoning; empty on the final item.</param>
/// <param name="Judgement">The verdict on the final item; null before it.</param>
public sealed record Rank1StreamUpdate(string Text, Rank1Judgement? Judgement)
{
    /// <summary>True on the final item.</summary>
    public bool IsFinal => Judgement is not null;
}

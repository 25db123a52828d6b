namespace LlamaEmbed.Reranking;

/// <summary>Where a running pair is in its life in the engine.</summary>
internal enum Rank1Phase
{
    /// <summary>Feeding the prompt tokens after the shared prefix; the last one's logits give the first reasoning token.</summary>
    Prompt,

    /// <summary>Generating reasoning one token per decode step.</summary>
    Reasoning,

    /// <summary>Feeding the fallback tail (cleaned reasoning and <c>&lt;/think&gt;</c>); the last one's logits give the score.</summary>
    Fallback,
}

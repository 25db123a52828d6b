namespace LlamaEmbed.Synthetic;

/// <summary>How to build a synthetic vocabulary.</summary>
public sealed record SyntheticVocabularyOptions
{
    /// <summary>
    /// The exact token count to pad to (with unused tokens), e.g. 262,144 for Gemma or 151,936 for Qwen2.5.
    /// Null keeps the natural size (a few thousand tokens). Must be at least the natural size.
    /// </summary>
    public int? Size { get; init; }

    /// <summary>Gemma only: add <c>&lt;|query_token|&gt;</c>, <c>&lt;|document_token|&gt;</c>, <c>&lt;|passage_token|&gt;</c> (CONTROL) at ids 4–6.</summary>
    public bool IncludePrefixTokens { get; init; }

    /// <summary>BPE only: add rank1's <c>&lt;think&gt;</c> and <c>&lt;/think&gt;</c> (CONTROL) after the family's special tokens.</summary>
    public bool IncludeThinkTokens { get; init; } = true;

    /// <summary>Extra words made single tokens (with and without a leading space, lower-case and capitalized).</summary>
    public IReadOnlyList<string> ExtraWords { get; init; } = [];
}

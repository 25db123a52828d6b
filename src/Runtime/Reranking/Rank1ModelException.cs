namespace LlamaEmbed.Reranking;

/// <summary>
/// The GGUF cannot run as a rank1 reranker: its architecture is not a generative qwen2/llama decoder (for example an
/// embedding model, which belongs in the embedding API), or its vocabulary lacks one of the single tokens rank1 needs.
/// </summary>
public sealed class Rank1ModelException : LlamaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do instead.</param>
    /// <param name="architecture">The GGUF's <c>general.architecture</c>, when it was read.</param>
    /// <param name="missingTokens">The required tokens that are not single tokens of the vocabulary.</param>
    public Rank1ModelException(string message, string? architecture = null, IReadOnlyList<string>? missingTokens = null)
        : base(message)
    {
        Architecture = architecture;
        MissingTokens = missingTokens ?? [];
    }

    /// <summary>The GGUF's architecture, or null when it was not read.</summary>
    public string? Architecture { get; }

    /// <summary>Required tokens (<c>" true"</c>, <c>" false"</c>, <c>&lt;think&gt;</c>, <c>&lt;/think&gt;</c>) that the
    /// vocabulary does not have as single tokens; empty when the architecture is the problem.</summary>
    public IReadOnlyList<string> MissingTokens { get; }
}

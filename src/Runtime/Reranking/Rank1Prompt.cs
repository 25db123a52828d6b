namespace LlamaEmbed.Reranking;

/// <summary>
/// The rank1 prompt, byte for byte as the official code builds it: a raw completion prompt (no chat template, no BOS)
/// that ends at <c>&lt;think&gt;</c> so the model starts reasoning.
/// </summary>
/// <remarks>
/// The prompt is <see cref="Instruction"/> + <c>"Query: "</c> + query + <c>"\n"</c> + <c>"Passage: "</c> + passage +
/// <c>"\n"</c> + <see cref="ThinkOpen"/>, with LF line ends and nothing after <c>&lt;think&gt;</c>. The query is first
/// merged with an optional instruction (<see cref="MergeInstruction"/>) and then placed into an optional dataset prompt
/// (<see cref="ApplyDatasetPrompt"/>); the passage is used exactly as given.
/// </remarks>
public static class Rank1Prompt
{
    /// <summary>The first line of every prompt, including its line feed.</summary>
    public const string Instruction =
        "Determine if the following passage is relevant to the query. Answer only with 'true' or 'false'.\n";

    /// <summary>The label in front of the query.</summary>
    public const string QueryLabel = "Query: ";

    /// <summary>The label in front of the passage.</summary>
    public const string PassageLabel = "Passage: ";

    /// <summary>The tag that ends the prompt and opens the reasoning (a special token in rank1 vocabularies).</summary>
    public const string ThinkOpen = "<think>";

    /// <summary>The tag the model writes to close its reasoning (a special token in rank1 vocabularies).</summary>
    public const string ThinkClose = "</think>";

    /// <summary>The placeholder a dataset prompt carries where the query goes.</summary>
    public const string QueryPlaceholder = "FILL_QUERY_HERE";

    /// <summary>
    /// Builds the full prompt for one (query, passage) pair. <paramref name="query"/> is the final query text, i.e.
    /// after <see cref="MergeInstruction"/> and <see cref="ApplyDatasetPrompt"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Build(string query, string passage) => BuildText(query, passage) + ThinkOpen;

    /// <summary>
    /// Merges an instruction into a query as the official <c>predict</c> does for FollowIR-style tasks: when an
    /// instruction is given and differs from the query after stripping, the result is <c>(query + " " + instruction)</c>
    /// stripped; otherwise the stripped query. Stripping follows Python <c>str.strip</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public static string MergeInstruction(string query, string? instruction)
    {
        ArgumentNullException.ThrowIfNull(query);
        string stripped = PythonWhitespace.Strip(query);
        if (instruction is not null && !string.Equals(stripped, PythonWhitespace.Strip(instruction), StringComparison.Ordinal))
        {
            return PythonWhitespace.Strip(query + " " + instruction);
        }
        return stripped;
    }

    /// <summary>
    /// Puts the query into a dataset prompt: every occurrence of <see cref="QueryPlaceholder"/> is replaced by
    /// <paramref name="query"/> (Python <c>str.replace</c>). With no dataset prompt the query is returned unchanged.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public static string ApplyDatasetPrompt(string query, string? datasetPrompt)
    {
        ArgumentNullException.ThrowIfNull(query);
        return datasetPrompt is null ? query : datasetPrompt.Replace(QueryPlaceholder, query, StringComparison.Ordinal);
    }

    /// <summary>The prompt without its final <see cref="ThinkOpen"/>: everything that comes from text.</summary>
    internal static string BuildText(string query, string passage)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passage);
        return string.Concat(Instruction + QueryLabel, query, "\n" + PassageLabel, passage, "\n");
    }

    /// <summary>
    /// The fallback prompt's tail (§2.3): after the original prompt comes <c>"\n"</c>, the cleaned reasoning and
    /// <c>"\n&lt;/think&gt;"</c>, with no space after the closing tag (the space belongs to the <c>" true"</c> token).
    /// </summary>
    internal static string BuildFallbackTail(string cleanedReasoning) => "\n" + cleanedReasoning + "\n" + ThinkClose;
}

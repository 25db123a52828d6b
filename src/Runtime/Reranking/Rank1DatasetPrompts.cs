namespace LlamaEmbed.Reranking;

/// <summary>
/// Dataset prompts of the official <c>prompts.py</c>, for <see cref="Rank1Options.DatasetPrompt"/>. Each contains
/// <see cref="Rank1Prompt.QueryPlaceholder"/> where the query goes.
/// </summary>
/// <remarks>
/// Only the prompts whose full text our specification (rank1.md §1) records are included. The others (SCIDOCS, ArguAna,
/// ClimateFEVER, DBPedia, NFCorpus, Touche2020 and the BRIGHT subsets) must be copied from <c>prompts.py</c> byte for
/// byte and passed as <see cref="Rank1Options.DatasetPrompt"/>. Tasks without a prompt (NevIR, mFollowIR, DL19 and the
/// other BEIR sets) use the bare query.
/// </remarks>
public static class Rank1DatasetPrompts
{
    /// <summary>The SciFact prompt.</summary>
    public const string SciFact = "Claim: FILL_QUERY_HERE\n\nA relevant passage would provide evidence that either **supports** or **refutes** this claim. A passage with any information on any related subpart should be relevant.";

    /// <summary>The TREC-COVID prompt.</summary>
    public const string TrecCovid = "FILL_QUERY_HERE If the article answers any part of the question it is relevant.";

    /// <summary>The FiQA2018 prompt.</summary>
    public const string FiQA2018 = "FILL_QUERY_HERE Find a passage that would be a good answer from StackExchange.";

    /// <summary>Finds a built-in prompt by its mteb task name (<c>SciFact</c>, <c>TRECCOVID</c>, <c>FiQA2018</c>; ordinal, case-insensitive).</summary>
    /// <returns>The prompt, or null when this class has none for the task.</returns>
    public static string? ForTask(string taskName)
    {
        ArgumentNullException.ThrowIfNull(taskName);
        return taskName.ToUpperInvariant() switch
        {
            "SCIFACT" => SciFact,
            "TRECCOVID" => TrecCovid,
            "FIQA2018" => FiQA2018,
            _ => null,
        };
    }
}

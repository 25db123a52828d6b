namespace LlamaEmbed.Reranking;

/// <summary>
/// The state of one pair while it occupies a sequence slot of the engine's context: what still has to be fed, the KV
/// position reached, and the reasoning generated so far.
/// </summary>
internal sealed class Rank1Sequence
{
    /// <summary>Starts a pair in slot <paramref name="seqId"/> whose KV already holds the first <paramref name="sharedPrefix"/> prompt tokens.</summary>
    public Rank1Sequence(int seqId, Rank1PairPrompt pair, int sharedPrefix, int reservedCells)
    {
        SeqId = seqId;
        Pair = pair;
        Position = sharedPrefix;
        Pending = pair.Tokens;
        PendingOffset = sharedPrefix;
        ReservedCells = reservedCells;
    }

    /// <summary>The llama.cpp sequence id (the slot number).</summary>
    public int SeqId { get; }

    /// <summary>The pair being judged.</summary>
    public Rank1PairPrompt Pair { get; }

    /// <summary>KV cells this pair may use: prompt, reasoning budget and room for the fallback tail, at most the context size.</summary>
    public int ReservedCells { get; }

    /// <summary>The current phase.</summary>
    public Rank1Phase Phase { get; set; } = Rank1Phase.Prompt;

    /// <summary>Tokens of this sequence in the KV cache, i.e. the position of the next token fed.</summary>
    public int Position { get; set; }

    /// <summary>Tokens to feed in the <see cref="Rank1Phase.Prompt"/> or <see cref="Rank1Phase.Fallback"/> phase.</summary>
    public int[] Pending { get; set; }

    /// <summary>How many of <see cref="Pending"/> were fed already.</summary>
    public int PendingOffset { get; set; }

    /// <summary>The token generated last and not yet fed.</summary>
    public int LastToken { get; set; }

    /// <summary>Reasoning tokens generated so far.</summary>
    public int Generated { get; set; }

    /// <summary>Why the reasoning stopped, once it has.</summary>
    public Rank1StopReason StopReason { get; set; }

    /// <summary>The decoded reasoning.</summary>
    public Rank1GeneratedText Text { get; } = new();

    /// <summary>Index of this sequence's output row in the batch just decoded, or -1 when it produced none.</summary>
    public int OutputIndex { get; set; } = -1;
}

using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// Builds a byte-level BPE vocabulary (<c>tokenizer.ggml.model = "gpt2"</c>) for Qwen2 (<c>pre = "qwen2"</c>) or
/// Llama-3 (<c>pre = "llama-bpe"</c>): the 256 byte characters in GPT-2 order, merged tokens, the family's special
/// tokens, then <c>[PAD{id}]</c> UNUSED padding.
/// </summary>
/// <remarks>
/// Merges are grown like BPE training: each target word (as the pre-tokenizer would cut it) is merged with the merges
/// so far, then its remaining segments are joined left to right by new merges ranked after every existing one, so
/// each target ends as exactly one token and every merge yields a token in the vocabulary. The targets are the
/// rank1 prompt's words first (so <c>" true"</c> and <c>" false"</c> are single tokens), then common English words.
/// </remarks>
internal static class BpeVocabularyBuilder
{
    /// <summary>The rank1 prompt's fixed text, cut by the pre-tokenizer into extra targets.</summary>
    private const string Rank1Template =
        "Determine if the following passage is relevant to the query. Answer only with 'true' or 'false'.\n" +
        "Query: \nPassage: \n</think> true</think> false";

    /// <summary>Qwen2.5's real ids for its first specials and rank1's think tokens, used when the vocabulary is big enough.</summary>
    private const int QwenEndOfTextId = 151643;
    private const int QwenThinkId = 151665;

    public static SyntheticVocabulary BuildQwen2(SyntheticVocabularyOptions options) => Build(options, "qwen2");

    public static SyntheticVocabulary BuildLlama3(SyntheticVocabularyOptions options) => Build(options, "llama-bpe");

    private static SyntheticVocabulary Build(SyntheticVocabularyOptions options, string pre)
    {
        var table = new VocabularyTable();
        foreach (char c in ByteLevelEncoding.VocabularyOrder)
        {
            table.Add(c.ToString(), GgufTokenType.Normal);
        }
        var merges = new List<string>();
        var ranks = new Dictionary<(string, string), int>();
        var tokenizer = new BpeTokenizer(table.Ids, ranks, pre);

        var targets = new List<string> { " true", " false", " True", " False" };
        targets.AddRange(tokenizer.PreTokenize(Rank1Template).Where(w => w.Trim().Length > 0));
        targets.AddRange(VocabularyTable.WordForms(
            [.. EnglishWords.PromptWords, .. EnglishWords.Common, .. options.ExtraWords.Select(w => w.Trim())], " "));
        targets.AddRange(EnglishWords.Suffixes);
        foreach (string target in targets)
        {
            Grow(table, tokenizer, merges, ranks, ByteLevelEncoding.Encode(target));
        }

        bool qwen = pre == "qwen2";
        string[] specials = qwen
            ? [SpecialTokenTexts.QwenEndOfText, SpecialTokenTexts.QwenImStart, SpecialTokenTexts.QwenImEnd]
            : [SpecialTokenTexts.LlamaBeginOfText, SpecialTokenTexts.LlamaEndOfText, SpecialTokenTexts.LlamaStartHeader,
               SpecialTokenTexts.LlamaEndHeader, SpecialTokenTexts.LlamaEndOfTurn];
        string[] think = options.IncludeThinkTokens ? [SpecialTokenTexts.Think, SpecialTokenTexts.EndThink] : [];
        int natural = table.Count + specials.Length + think.Length;
        if (options.Size is int size && size < natural)
        {
            throw new ArgumentException($"The {pre} vocabulary needs at least {natural} tokens; {size} was asked.", nameof(options));
        }
        string Pad(int id) => $"[PAD{id}]";
        if (qwen && options.Size >= QwenThinkId + 2)
        {
            // Real Qwen2.5 / rank1 ids: <|endoftext|> 151643, <|im_start|> 151644, <|im_end|> 151645, <think> 151665, </think> 151666.
            table.PadTo(QwenEndOfTextId, Pad);
            foreach (string special in specials)
            {
                table.Add(special, GgufTokenType.Control);
            }
            if (think.Length > 0)
            {
                table.PadTo(QwenThinkId, Pad);
            }
        }
        else
        {
            foreach (string special in specials)
            {
                table.Add(special, GgufTokenType.Control);
            }
        }
        foreach (string special in think)
        {
            table.Add(special, GgufTokenType.Control);
        }
        if (options.Size is int padded)
        {
            table.PadTo(padded, Pad);
        }

        int bos = table.Ids[qwen ? SpecialTokenTexts.QwenEndOfText : SpecialTokenTexts.LlamaBeginOfText];
        int eos = table.Ids[qwen ? SpecialTokenTexts.QwenEndOfText : SpecialTokenTexts.LlamaEndOfText];
        return new SyntheticVocabulary("gpt2", pre, table.Tokens, table.Types, scores: null, merges,
            new SpecialTokenIds(Bos: bos, Eos: eos, Unknown: -1, Padding: qwen ? bos : -1, AddBos: !qwen, AddEos: false));
    }

    private static void Grow(VocabularyTable table, BpeTokenizer tokenizer, List<string> merges, Dictionary<(string, string), int> ranks, string target)
    {
        if (table.Ids.ContainsKey(target))
        {
            return;
        }
        List<string> segments = tokenizer.Merge(target);
        string joined = segments[0];
        for (int i = 1; i < segments.Count; i++)
        {
            if (ranks.TryAdd((joined, segments[i]), merges.Count))
            {
                merges.Add(joined + " " + segments[i]);
            }
            joined += segments[i];
            table.AddIfMissing(joined, GgufTokenType.Normal);
        }
    }
}

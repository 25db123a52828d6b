using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// Builds a Gemma-style SentencePiece vocabulary (<c>tokenizer.ggml.model = "llama"</c>): <c>&lt;pad&gt;</c>=0,
/// <c>&lt;eos&gt;</c>=1, <c>&lt;bos&gt;</c>=2, <c>&lt;unk&gt;</c>=3, optional prefix tokens, 256 byte tokens, single
/// characters, then word pieces with decreasing scores, padded with <c>&lt;unusedN&gt;</c>.
/// </summary>
/// <remarks>
/// Pieces are grown the way BPE training grows them: each target word is segmented with the pieces so far, and the
/// left-to-right concatenations of its segments become new pieces with scores below every existing one. Earlier
/// merges therefore always finish first, and every target word ends as exactly one piece under llama.cpp's SPM
/// algorithm. Unused padding is typed UNUSED (what llama.cpp turns Gemma's CONTROL <c>&lt;unusedN&gt;</c> into at load),
/// which keeps it out of the special-token cache that parse_special scans.
/// </remarks>
internal static class GemmaVocabularyBuilder
{
    private const string Alphabet =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" +
        ".,;:!?'\"-_()[]{}<>/\\|@#$%^&*+=~`\n\t" +
        "éèêëàâäôöüûùçñíóúßÉÀÖÜ’‘“”—–…€£" +
        "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年日本語文";

    public static SyntheticVocabulary Build(SyntheticVocabularyOptions options, bool addEos)
    {
        var table = new VocabularyTable();
        table.Add(SpecialTokenTexts.GemmaPad, GgufTokenType.Control);
        table.Add(SpecialTokenTexts.GemmaEos, GgufTokenType.Control);
        table.Add(SpecialTokenTexts.GemmaBos, GgufTokenType.Control);
        table.Add(SpecialTokenTexts.GemmaUnk, GgufTokenType.Unknown);
        if (options.IncludePrefixTokens)
        {
            table.Add(SpecialTokenTexts.QueryPrefix, GgufTokenType.Control);
            table.Add(SpecialTokenTexts.DocumentPrefix, GgufTokenType.Control);
            table.Add(SpecialTokenTexts.PassagePrefix, GgufTokenType.Control);
        }
        for (int b = 0; b < 256; b++)
        {
            table.Add(SpmTokenizer.ByteToken((byte)b), GgufTokenType.Byte);
        }
        table.Add(SpmTokenizer.WordStart.ToString(), GgufTokenType.Normal);
        foreach (string character in Characters(Alphabet))
        {
            table.AddIfMissing(character, GgufTokenType.Normal);
        }

        string wordStart = SpmTokenizer.WordStart.ToString();
        IEnumerable<string> targets = VocabularyTable.WordForms(
            [.. EnglishWords.PromptWords, .. EnglishWords.Common, .. options.ExtraWords.Select(w => w.Trim())], wordStart)
            .Concat(EnglishWords.Suffixes);
        foreach (string target in targets)
        {
            Grow(table, target.Replace(' ', SpmTokenizer.WordStart));
        }

        if (options.Size is int size)
        {
            if (size < table.Count)
            {
                throw new ArgumentException($"The Gemma vocabulary needs at least {table.Count} tokens; {size} was asked.", nameof(options));
            }
            int unused = 0;
            table.PadTo(size, _ => $"<unused{unused++}>");
        }
        return new SyntheticVocabulary("llama", "default", table.Tokens, table.Types, table.Scores, [],
            new SpecialTokenIds(Bos: 2, Eos: 1, Unknown: 3, Padding: 0, AddBos: true, AddEos: addEos));
    }

    private static void Grow(VocabularyTable table, string target)
    {
        if (table.Ids.ContainsKey(target))
        {
            return;
        }
        foreach (string character in Characters(target))
        {
            table.AddIfMissing(character, GgufTokenType.Normal);
        }
        List<string> segments = SpmTokenizer.Segment(target, table.Ids, table.Scores);
        string joined = segments[0];
        for (int i = 1; i < segments.Count; i++)
        {
            joined += segments[i];
            table.AddIfMissing(joined, GgufTokenType.Normal);
        }
    }

    private static IEnumerable<string> Characters(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            yield return text.Substring(i, length);
            i += length - 1;
        }
    }
}

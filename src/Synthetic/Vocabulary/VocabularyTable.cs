using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>The growing token table shared by the vocabulary builders: strings, types, scores and a reverse index.</summary>
internal sealed class VocabularyTable
{
    public const float SpecialScore = -1000f;

    public List<string> Tokens { get; } = [];
    public List<GgufTokenType> Types { get; } = [];
    public List<float> Scores { get; } = [];
    public Dictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);

    /// <summary>The score the next NORMAL piece gets: strictly below every earlier piece, so later pieces merge later.</summary>
    public float NextPieceScore { get; private set; }

    public int Count => Tokens.Count;

    public int Add(string text, GgufTokenType type)
    {
        if (!Ids.TryAdd(text, Tokens.Count))
        {
            throw new InvalidOperationException($"Token '{text}' would appear twice.");
        }
        Tokens.Add(text);
        Types.Add(type);
        if (type == GgufTokenType.Normal)
        {
            Scores.Add(NextPieceScore);
            NextPieceScore -= 1f;
        }
        else
        {
            Scores.Add(SpecialScore);
        }
        return Tokens.Count - 1;
    }

    public int AddIfMissing(string text, GgufTokenType type) =>
        Ids.TryGetValue(text, out int id) ? id : Add(text, type);

    /// <summary>Pads with unused tokens named by <paramref name="name"/> until the table holds <paramref name="size"/> tokens.</summary>
    public void PadTo(int size, Func<int, string> name)
    {
        for (int id = Count; id < size; id++)
        {
            Add(name(id), GgufTokenType.Unused);
        }
    }

    /// <summary>The words to make single tokens, in priority order: each lower-case and capitalized, after the given prefix.</summary>
    public static IEnumerable<string> WordForms(IEnumerable<string> words, string wordStart)
    {
        var list = words.Where(w => w.Length > 0).ToList();
        foreach (string w in list)
        {
            yield return wordStart + w;
        }
        foreach (string w in list)
        {
            yield return wordStart + Capitalize(w);
        }
        foreach (string w in list)
        {
            yield return w;
        }
        foreach (string w in list)
        {
            yield return Capitalize(w);
        }
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}

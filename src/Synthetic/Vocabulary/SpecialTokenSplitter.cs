using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>One piece of text after special-token partitioning: raw text, or one special token id.</summary>
internal readonly record struct TextFragment(string? Text, int Token);

/// <summary>
/// llama.cpp's special-token partitioning (<c>tokenizer_st_partition</c>): every CONTROL, USER_DEFINED and UNKNOWN
/// token, longest text first, splits the raw fragments where it occurs. Without parse_special only USER_DEFINED
/// tokens split; CONTROL and UNKNOWN texts stay ordinary text.
/// </summary>
internal sealed class SpecialTokenSplitter
{
    private readonly (string Text, int Id, bool IsUserDefined)[] _specials;

    public SpecialTokenSplitter(IReadOnlyList<string> tokens, IReadOnlyList<GgufTokenType> types)
    {
        var specials = new List<(string, int, bool)>();
        for (int id = 0; id < tokens.Count; id++)
        {
            if (types[id] is GgufTokenType.Control or GgufTokenType.UserDefined or GgufTokenType.Unknown)
            {
                specials.Add((tokens[id], id, types[id] == GgufTokenType.UserDefined));
            }
        }
        _specials = [.. specials.OrderByDescending(s => System.Text.Encoding.UTF8.GetByteCount(s.Item1)).ThenBy(s => s.Item2)];
    }

    public List<TextFragment> Split(string text, bool parseSpecial)
    {
        var fragments = new List<TextFragment>();
        if (text.Length == 0)
        {
            return fragments;
        }
        fragments.Add(new TextFragment(text, -1));
        foreach (var (special, id, isUserDefined) in _specials)
        {
            if (!parseSpecial && !isUserDefined)
            {
                continue;
            }
            for (int i = 0; i < fragments.Count; i++)
            {
                string? raw = fragments[i].Text;
                int match = raw is null ? -1 : raw.IndexOf(special, StringComparison.Ordinal);
                if (match < 0)
                {
                    continue;
                }
                var replacement = new List<TextFragment>(3);
                if (match > 0)
                {
                    replacement.Add(new TextFragment(raw![..match], -1));
                }
                replacement.Add(new TextFragment(null, id));
                if (match + special.Length < raw!.Length)
                {
                    replacement.Add(new TextFragment(raw[(match + special.Length)..], -1));
                }
                fragments.RemoveAt(i);
                fragments.InsertRange(i, replacement);
            }
        }
        return fragments;
    }
}

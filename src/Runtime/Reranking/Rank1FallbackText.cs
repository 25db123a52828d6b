namespace LlamaEmbed.Reranking;

/// <summary>
/// Cleans an unfinished reasoning for the forced-<c>&lt;/think&gt;</c> fallback (rank1.md §2.3): right-strip, cut right
/// after the last sentence end (<c>.</c>, <c>!</c> or <c>?</c>) unless the text already ends with one, then strip both ends.
/// </summary>
internal static class Rank1FallbackText
{
    private static readonly char[] s_sentenceEnds = ['.', '!', '?'];

    /// <summary>Returns the cleaned reasoning; text without any sentence end is only stripped.</summary>
    public static string Clean(string reasoning)
    {
        string text = PythonWhitespace.RStrip(reasoning);
        if (text.Length > 0 && Array.IndexOf(s_sentenceEnds, text[^1]) < 0)
        {
            int last = text.LastIndexOfAny(s_sentenceEnds);
            if (last >= 0)
            {
                text = text[..(last + 1)];
            }
        }
        return PythonWhitespace.Strip(text);
    }
}

namespace LlamaEmbed.Reranking;

/// <summary>
/// Python <c>str.strip</c>/<c>str.rstrip</c> with no arguments, which the official rank1 code uses. Python's whitespace
/// set differs from <see cref="char.IsWhiteSpace(char)"/>: it also contains U+001C–U+001F (the information separators),
/// so the set is spelled out here.
/// </summary>
internal static class PythonWhitespace
{
    /// <summary>True for the characters Python's <c>str.isspace</c> accepts (all of them are in the BMP).</summary>
    public static bool IsWhitespace(char c) => c switch
    {
        >= '\t' and <= '\r' => true,            // TAB, LF, VT, FF, CR
        >= '\u001C' and <= '\u001F' => true,    // FS, GS, RS, US
        ' ' or '\u0085' or '\u00A0' or '\u1680' => true,
        >= '\u2000' and <= '\u200A' => true,
        '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        _ => false,
    };

    /// <summary>Python <c>s.strip()</c>.</summary>
    public static string Strip(string s)
    {
        int start = 0;
        while (start < s.Length && IsWhitespace(s[start]))
        {
            start++;
        }
        int end = s.Length;
        while (end > start && IsWhitespace(s[end - 1]))
        {
            end--;
        }
        return s[start..end];
    }

    /// <summary>Python <c>s.rstrip()</c>.</summary>
    public static string RStrip(string s)
    {
        int end = s.Length;
        while (end > 0 && IsWhitespace(s[end - 1]))
        {
            end--;
        }
        return s[..end];
    }
}

namespace LlamaEmbed.Embeddings.Tokenization;

/// <summary>Checks text in managed code before it reaches the tokenizer, which would silently replace broken UTF-16.</summary>
internal static class TextValidation
{
    /// <summary>The index of the first lone surrogate in <paramref name="text"/>, or -1 when it is well-formed UTF-16.</summary>
    public static int FindLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return i;
            }
            if (char.IsLowSurrogate(c))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Throws when <paramref name="text"/> contains a lone surrogate.</summary>
    /// <exception cref="ArgumentException">The text is not well-formed UTF-16.</exception>
    public static void ThrowIfInvalid(string text, string paramName)
    {
        int at = FindLoneSurrogate(text);
        if (at >= 0)
        {
            throw new ArgumentException($"The text has a lone UTF-16 surrogate (U+{(int)text[at]:X4}) at character {at}; it cannot be encoded as UTF-8.", paramName);
        }
    }

    /// <summary>
    /// Copies <paramref name="texts"/> into a list, checking that there is at least one, none is null and none has a
    /// lone surrogate.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">The list is empty or a text has a lone surrogate (the message names its index).</exception>
    public static string[] CheckAll(IEnumerable<string> texts, string paramName)
    {
        ArgumentNullException.ThrowIfNull(texts, paramName);
        string[] list = [.. texts];
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one text is needed; the list is empty.", paramName);
        }
        for (int i = 0; i < list.Length; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentNullException(paramName, $"Text {i} is null.");
            }
            int at = FindLoneSurrogate(list[i]);
            if (at >= 0)
            {
                throw new ArgumentException(
                    $"Text {i} has a lone UTF-16 surrogate (U+{(int)list[i][at]:X4}) at character {at}; it cannot be encoded as UTF-8.", paramName);
            }
        }
        return list;
    }
}

using System.Text;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// GPT-2's byte-to-unicode table, used by byte-level BPE vocabularies (Qwen2, Llama-3): every byte maps to one
/// printable character, so a space is <c>Ġ</c> (U+0120) and a newline <c>Ċ</c> (U+010A).
/// </summary>
public static class ByteLevelEncoding
{
    private static readonly char[] s_byteToChar = BuildTable();
    private static readonly Dictionary<char, byte> s_charToByte = Enumerable.Range(0, 256).ToDictionary(b => s_byteToChar[b], b => (byte)b);

    /// <summary>The 256 byte characters in GPT-2 vocabulary order (printable bytes first, then the remapped ones).</summary>
    public static IReadOnlyList<char> VocabularyOrder { get; } = BuildOrder();

    /// <summary>The character that stands for <paramref name="value"/>.</summary>
    public static char CharOf(byte value) => s_byteToChar[value];

    /// <summary>The byte a byte character stands for.</summary>
    /// <exception cref="ArgumentException">The character is not one of the 256 byte characters.</exception>
    public static byte Decode(char value) => s_charToByte.TryGetValue(value, out byte b)
        ? b
        : throw new ArgumentException($"U+{(int)value:X4} is not a byte-level character.", nameof(value));

    /// <summary>Encodes text as its UTF-8 bytes mapped to byte characters, the form tokens and merges are stored in.</summary>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = s_byteToChar[source[i]];
            }
        });
    }

    private static bool IsPrintable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;

    private static char[] BuildTable()
    {
        var table = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            table[b] = IsPrintable(b) ? (char)b : (char)(256 + next++);
        }
        return table;
    }

    private static char[] BuildOrder()
    {
        var order = new List<char>(256);
        for (int b = 0; b < 256; b++)
        {
            if (IsPrintable(b))
            {
                order.Add((char)b);
            }
        }
        for (int b = 0; b < 256; b++)
        {
            if (!IsPrintable(b))
            {
                order.Add(CharOf((byte)b));
            }
        }
        return [.. order];
    }
}

using System.Text;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// llama.cpp's SPM tokenizer (<c>llm_tokenizer_spm_session</c>) in managed code: spaces become <c>▁</c>, the text
/// splits into characters, and the adjacent pair whose concatenation is the highest-scoring token merges first
/// (ties: leftmost), until no pair forms a token. Characters that are not tokens fall back to <c>&lt;0xNN&gt;</c>.
/// </summary>
internal static class SpmTokenizer
{
    public const char WordStart = '\u2581';

    /// <summary>The merged symbols of <paramref name="text"/> (already escaped), before byte fallback.</summary>
    public static List<string> Segment(string text, IReadOnlyDictionary<string, int> ids, IReadOnlyList<float> scores)
    {
        var symbols = new List<Symbol>();
        for (int offset = 0; offset < text.Length;)
        {
            int length = char.IsHighSurrogate(text[offset]) && offset + 1 < text.Length ? 2 : 1;
            symbols.Add(new Symbol(offset, length, symbols.Count - 1, offset + length == text.Length ? -1 : symbols.Count + 1));
            offset += length;
        }
        var queue = new PriorityQueue<(int Left, int Right, int Size), (float, int)>();
        void TryAdd(int left, int right)
        {
            if (left < 0 || right < 0)
            {
                return;
            }
            string joined = text.Substring(symbols[left].Start, symbols[left].Length + symbols[right].Length);
            if (ids.TryGetValue(joined, out int id))
            {
                queue.Enqueue((left, right, joined.Length), (-scores[id], left));
            }
        }
        for (int i = 1; i < symbols.Count; i++)
        {
            TryAdd(i - 1, i);
        }
        while (queue.TryDequeue(out var bigram, out _))
        {
            Symbol left = symbols[bigram.Left];
            Symbol right = symbols[bigram.Right];
            if (left.Length == 0 || right.Length == 0 || left.Length + right.Length != bigram.Size)
            {
                continue;
            }
            symbols[bigram.Left] = left with { Length = left.Length + right.Length, Next = right.Next };
            symbols[bigram.Right] = right with { Length = 0 };
            if (right.Next >= 0)
            {
                symbols[right.Next] = symbols[right.Next] with { Prev = bigram.Left };
            }
            TryAdd(symbols[bigram.Left].Prev, bigram.Left);
            TryAdd(bigram.Left, symbols[bigram.Left].Next);
        }
        var pieces = new List<string>();
        for (int i = symbols.Count == 0 ? -1 : 0; i != -1; i = symbols[i].Next)
        {
            pieces.Add(text.Substring(symbols[i].Start, symbols[i].Length));
        }
        return pieces;
    }

    /// <summary>Tokenizes one raw fragment (spaces not yet escaped) and appends the ids.</summary>
    public static void Tokenize(string text, IReadOnlyDictionary<string, int> ids, IReadOnlyList<float> scores, List<int> output)
    {
        foreach (string piece in Segment(text.Replace(' ', WordStart), ids, scores))
        {
            if (ids.TryGetValue(piece, out int id))
            {
                output.Add(id);
                continue;
            }
            foreach (byte b in Encoding.UTF8.GetBytes(piece))
            {
                output.Add(ids[ByteToken(b)]);
            }
        }
    }

    /// <summary>The byte-fallback token text for <paramref name="value"/>, e.g. <c>&lt;0x0A&gt;</c>.</summary>
    public static string ByteToken(byte value) => $"<0x{value:X2}>";

    private readonly record struct Symbol(int Start, int Length, int Prev, int Next);
}

using System.Text;
using System.Text.RegularExpressions;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// llama.cpp's byte-level BPE tokenizer (<c>llm_tokenizer_bpe_session</c>) in managed code: the pre-tokenizer regex
/// splits the text into words, each word's UTF-8 bytes become byte characters, and the adjacent pair with the lowest
/// merge rank merges first (ties: leftmost) until no listed pair remains.
/// </summary>
internal sealed partial class BpeTokenizer
{
    private readonly IReadOnlyDictionary<string, int> _ids;
    private readonly IReadOnlyDictionary<(string, string), int> _ranks;
    private readonly Regex _preTokenizer;
    private readonly bool _ignoreMerges;

    public BpeTokenizer(IReadOnlyDictionary<string, int> ids, IReadOnlyDictionary<(string, string), int> ranks, string preTokenizer)
    {
        _ids = ids;
        _ranks = ranks;
        (_preTokenizer, _ignoreMerges) = preTokenizer switch
        {
            "qwen2" => (Qwen2Regex(), false),
            "llama-bpe" => (Llama3Regex(), true),
            _ => throw new ArgumentException($"No managed pre-tokenizer for '{preTokenizer}'.", nameof(preTokenizer)),
        };
    }

    /// <summary>The pre-tokenizer's words of <paramref name="text"/>, as plain text.</summary>
    public IEnumerable<string> PreTokenize(string text) => _preTokenizer.Matches(text).Select(m => m.Value);

    /// <summary>The merged symbols of one byte-encoded word.</summary>
    public List<string> Merge(string word)
    {
        if (_ignoreMerges && _ids.ContainsKey(word))
        {
            return [word];
        }
        var symbols = new List<Symbol>(word.Length);
        for (int i = 0; i < word.Length; i++)
        {
            symbols.Add(new Symbol(i, 1, i - 1, i + 1 == word.Length ? -1 : i + 1));
        }
        var queue = new PriorityQueue<(int Left, int Right, string Text), (int, int)>();
        void TryAdd(int left, int right)
        {
            if (left < 0 || right < 0)
            {
                return;
            }
            string l = word.Substring(symbols[left].Start, symbols[left].Length);
            string r = word.Substring(symbols[right].Start, symbols[right].Length);
            if (_ranks.TryGetValue((l, r), out int rank))
            {
                queue.Enqueue((left, right, l + r), (rank, left));
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
            if (left.Length == 0 || right.Length == 0 ||
                !string.Equals(string.Concat(word.AsSpan(left.Start, left.Length), word.AsSpan(right.Start, right.Length)), bigram.Text, StringComparison.Ordinal))
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
            pieces.Add(word.Substring(symbols[i].Start, symbols[i].Length));
        }
        return pieces;
    }

    /// <summary>Tokenizes one raw fragment and appends the ids.</summary>
    public void Tokenize(string text, List<int> output)
    {
        foreach (string word in PreTokenize(text))
        {
            foreach (string piece in Merge(ByteLevelEncoding.Encode(word)))
            {
                if (_ids.TryGetValue(piece, out int id))
                {
                    output.Add(id);
                    continue;
                }
                // llama.cpp's fallback looks each UTF-8 byte of the piece up as a one-byte string.
                foreach (byte b in Encoding.UTF8.GetBytes(piece))
                {
                    if (_ids.TryGetValue(((char)b).ToString(), out int byteId) && b < 0x80)
                    {
                        output.Add(byteId);
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Qwen2Regex();

    [GeneratedRegex(@"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Llama3Regex();

    private readonly record struct Symbol(int Start, int Length, int Prev, int Next);
}

using System.Text;

namespace LlamaEmbed.Reranking;

/// <summary>
/// The detokenized output of one sequence: token pieces (rendered with special tokens as text, so <c>&lt;/think&gt;</c>
/// is visible) are decoded as UTF-8 with partial sequences held until complete, and the stop strings are searched in
/// the generated text only, the way vLLM V0 checks them after each step.
/// </summary>
internal sealed class Rank1GeneratedText
{
    /// <summary>The stop strings of the official run, in the order they are checked.</summary>
    public static readonly string[] StopStrings = [Rank1Prompt.ThinkClose + " true", Rank1Prompt.ThinkClose + " false"];

    private static readonly int s_longestStop = StopStrings.Max(s => s.Length);

    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly StringBuilder _text = new();
    private char[] _chars = new char[64];
    private int _streamed;
    private int _stopIndex = -1;

    /// <summary>The text decoded so far (stop string included until <see cref="Reasoning"/> cuts it).</summary>
    public string Text => _text.ToString();

    /// <summary>Where the matched stop string starts, or -1 when none matched.</summary>
    public int StopIndex => _stopIndex;

    /// <summary>The generated text with a matched stop string and anything after it removed.</summary>
    public string Reasoning => _stopIndex >= 0 ? _text.ToString(0, _stopIndex) : _text.ToString();

    /// <summary>
    /// Appends one token's bytes and reports whether a stop string now occurs. Like vLLM, only the window that the new
    /// characters can complete is searched (earlier text was checked before), and the first stop string in
    /// <see cref="StopStrings"/> order wins.
    /// </summary>
    public bool AppendAndCheckStop(ReadOnlySpan<byte> piece)
    {
        int needed = _decoder.GetCharCount(piece, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }
        int count = _decoder.GetChars(piece, _chars, flush: false);
        if (count == 0)
        {
            return false;
        }
        _text.Append(_chars, 0, count);
        int windowStart = Math.Max(0, _text.Length - count - s_longestStop);
        string window = _text.ToString(windowStart, _text.Length - windowStart);
        foreach (string stop in StopStrings)
        {
            int from = Math.Max(0, _text.Length - count - stop.Length) - windowStart;
            int index = window.IndexOf(stop, from, StringComparison.Ordinal);
            if (index >= 0)
            {
                _stopIndex = windowStart + index;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The next piece of reasoning that is safe to show while generation goes on: it holds back a tail that could
    /// still grow into a stop string, so that the pieces streamed over a whole run concatenate to <see cref="Reasoning"/>.
    /// </summary>
    public string TakeStreamable()
    {
        int end = _stopIndex >= 0 ? _stopIndex : _text.Length - PossibleStopPrefixLength();
        return Take(end);
    }

    /// <summary>Everything of <see cref="Reasoning"/> not streamed yet; call once generation has ended.</summary>
    public string TakeRest() => Take(Reasoning.Length);

    private string Take(int end)
    {
        if (end <= _streamed)
        {
            return string.Empty;
        }
        string piece = _text.ToString(_streamed, end - _streamed);
        _streamed = end;
        return piece;
    }

    private int PossibleStopPrefixLength()
    {
        for (int k = Math.Min(_text.Length, s_longestStop - 1); k > 0; k--)
        {
            string tail = _text.ToString(_text.Length - k, k);
            if (StopStrings.Any(s => s.StartsWith(tail, StringComparison.Ordinal)))
            {
                return k;
            }
        }
        return 0;
    }
}

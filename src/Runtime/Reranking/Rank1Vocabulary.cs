using System.Text;
using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Reranking;

/// <summary>
/// The vocabulary facts rank1 needs, checked once at load: <c>" true"</c> and <c>" false"</c> (with the leading space,
/// rank1.md §3) and the special <c>&lt;think&gt;</c> and <c>&lt;/think&gt;</c> must each be one token; the end-of-text id
/// is the vocabulary's EOS only. Tokenization never adds BOS/EOS. Thread-safe (llama.cpp's vocabulary calls are).
/// </summary>
internal sealed class Rank1Vocabulary
{
    private readonly LlamaVocabulary _vocabulary;
    private readonly byte[]?[] _pieces;

    private Rank1Vocabulary(LlamaVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        Size = vocabulary.Count;
        _pieces = new byte[]?[Size];
    }

    /// <summary>Tokens in the vocabulary (the length of a logits row).</summary>
    public int Size { get; }

    /// <summary>The id of <c>" true"</c>.</summary>
    public int TrueId { get; private set; }

    /// <summary>The id of <c>" false"</c>.</summary>
    public int FalseId { get; private set; }

    /// <summary>The id of the special <c>&lt;think&gt;</c>, which ends every prompt.</summary>
    public int ThinkOpenId { get; private set; }

    /// <summary>The id of the special <c>&lt;/think&gt;</c>.</summary>
    public int ThinkCloseId { get; private set; }

    /// <summary>The vocabulary's EOS id (<c>&lt;|endoftext|&gt;</c> for Qwen), or -1 when it has none.</summary>
    public int EndOfTextId { get; private set; }

    /// <summary>Reads and checks the vocabulary of <paramref name="model"/>.</summary>
    /// <exception cref="Rank1ModelException">A required token is not a single token.</exception>
    public static Rank1Vocabulary Create(SafeLlamaModelHandle model, string architecture)
    {
        Rank1Vocabulary result = new(new LlamaVocabulary(model));
        nint vocab = NativeMethods.llama_model_get_vocab(model);
        List<string> missing = [];
        result.TrueId = result.SingleToken(" true", special: false, vocab, missing);
        result.FalseId = result.SingleToken(" false", special: false, vocab, missing);
        result.ThinkOpenId = result.SingleToken(Rank1Prompt.ThinkOpen, special: true, vocab, missing);
        result.ThinkCloseId = result.SingleToken(Rank1Prompt.ThinkClose, special: true, vocab, missing);
        if (missing.Count > 0)
        {
            throw new Rank1ModelException(
                $"This {architecture} model cannot run as a rank1 reranker: its vocabulary lacks {string.Join(", ", missing)} as single " +
                "tokens (<think> and </think> as special tokens). rank1 models are fine-tuned with those added; load a rank1 GGUF.",
                architecture,
                missing);
        }
        result.EndOfTextId = result._vocabulary.Eos;
        return result;
    }

    /// <summary>Tokenizes <paramref name="text"/> without BOS/EOS; <paramref name="parseSpecial"/> lets special-token text become special ids.</summary>
    public int[] Tokenize(string text, bool parseSpecial) => _vocabulary.Tokenize(text, addSpecial: false, parseSpecial);

    /// <summary>The bytes of <paramref name="token"/> with special tokens rendered as their text (so <c>&lt;/think&gt;</c> is visible); may be partial UTF-8.</summary>
    public ReadOnlySpan<byte> Piece(int token) => _pieces[token] ??= _vocabulary.TokenToPiece(token, special: true);

    /// <summary>UTF-8 text of a token sequence (pieces concatenated, special tokens as text), with an unfinished trailing character dropped.</summary>
    public string Detokenize(ReadOnlySpan<int> tokens)
    {
        List<byte> bytes = [];
        foreach (int token in tokens)
        {
            bytes.AddRange(Piece(token));
        }
        byte[] all = [.. bytes];
        Decoder decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        char[] chars = new char[decoder.GetCharCount(all, flush: false)];
        int count = decoder.GetChars(all, chars, flush: false);
        return new string(chars, 0, count);
    }

    /// <summary>The id when <paramref name="text"/> is exactly one token (for special text: one token with the control or user-defined attribute).</summary>
    private int SingleToken(string text, bool special, nint vocab, List<string> missing)
    {
        int[] ids = Tokenize(text, parseSpecial: special);
        bool ok = ids.Length == 1
            && (!special || (NativeMethods.llama_vocab_get_attr(vocab, ids[0]) & (LlamaTokenAttr.Control | LlamaTokenAttr.UserDefined)) != 0);
        if (!ok)
        {
            missing.Add($"\"{text}\"");
            return -1;
        }
        return ids[0];
    }
}

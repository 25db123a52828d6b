using System.Collections.Concurrent;
using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Embeddings.Tokenization;

/// <summary>
/// Builds the token ids fed for one text the way sentence-transformers does: <c>[BOS] [prefix token] tokens(prompt +
/// text) [EOS]</c>, with the prompt and text tokenized together (so the ids at their boundary match a joint
/// tokenization) and <c>parse_special = false</c> (so text cannot inject control tokens). Truncation cuts the end of
/// the text and keeps BOS, prefix, prompt and EOS. Thread-safe.
/// </summary>
internal sealed class EmbeddingTokenizer
{
    private readonly LlamaVocabulary _vocabulary;
    private readonly int _bos;
    private readonly int _eos;
    private readonly ConcurrentDictionary<string, int> _promptLengths = new(StringComparer.Ordinal);

    /// <summary>Creates the tokenizer with the vocabulary's BOS/EOS rules (<c>add_bos_token</c>/<c>add_eos_token</c>) and a per-text limit.</summary>
    public EmbeddingTokenizer(LlamaVocabulary vocabulary, int maxTokens)
    {
        _vocabulary = vocabulary;
        _bos = vocabulary.AddsBos ? vocabulary.Bos : -1;
        _eos = vocabulary.AddsEos ? vocabulary.Eos : -1;
        MaxTokens = maxTokens;
    }

    /// <summary>The most tokens one text may have, everything included.</summary>
    public int MaxTokens { get; }

    /// <summary>The vocabulary size.</summary>
    public int VocabularySize => _vocabulary.Count;

    /// <summary>The special tokens added around every text (BOS, EOS) plus a prefix token when there is one.</summary>
    public int SpecialCount(ResolvedPrompt prompt) =>
        (_bos >= 0 ? 1 : 0) + (_eos >= 0 ? 1 : 0) + (prompt.PrefixTokenId >= 0 ? 1 : 0);

    /// <summary>The id of a special token written as text, checking that it is one token of the vocabulary.</summary>
    /// <returns>The id, or -1 when the text does not tokenize to exactly one token.</returns>
    public int SingleTokenId(string text, out int pieces)
    {
        int[] ids = _vocabulary.Tokenize(text, addSpecial: false, parseSpecial: true);
        pieces = ids.Length;
        return ids.Length == 1 ? ids[0] : -1;
    }

    /// <summary>Tokenizes <paramref name="text"/> after <paramref name="prompt"/>.</summary>
    /// <param name="text">The user's text, already checked for lone surrogates.</param>
    /// <param name="prompt">The prompt.</param>
    /// <param name="truncate">Cut a too-long text instead of failing.</param>
    /// <param name="textIndex">The text's position in its request, for the error message.</param>
    /// <exception cref="TextTooLongException">The text is too long and <paramref name="truncate"/> is false.</exception>
    /// <exception cref="ArgumentException">The text and prompt give no tokens at all (a vocabulary without BOS/EOS and an empty text).</exception>
    public TokenizedText Tokenize(string text, ResolvedPrompt prompt, bool truncate, int textIndex)
    {
        int[] content = _vocabulary.Tokenize(prompt.Text + text, addSpecial: false, parseSpecial: false);
        int specials = SpecialCount(prompt);
        int room = MaxTokens - specials;
        bool truncated = content.Length > room;
        if (truncated && !truncate)
        {
            throw new TextTooLongException(textIndex, content.Length + specials, MaxTokens);
        }
        int kept = Math.Min(content.Length, room);
        if (kept + specials == 0)
        {
            throw new ArgumentException($"Text {textIndex} is empty and this model adds no BOS/EOS or prompt, so there is nothing to embed.", nameof(text));
        }
        int[] ids = new int[kept + specials];
        int n = 0;
        if (_bos >= 0)
        {
            ids[n++] = _bos;
        }
        if (prompt.PrefixTokenId >= 0)
        {
            ids[n++] = prompt.PrefixTokenId;
        }
        content.AsSpan(0, kept).CopyTo(ids.AsSpan(n));
        n += kept;
        if (_eos >= 0)
        {
            ids[n++] = _eos;
        }
        int promptTokens = (_bos >= 0 ? 1 : 0) + (prompt.PrefixTokenId >= 0 ? 1 : 0) + PromptLength(prompt.Text);
        return new TokenizedText(ids, Math.Min(promptTokens, ids.Length), truncated);
    }

    /// <summary>The prompt's own token count, tokenized alone (sentence-transformers' <c>prompt_length</c> without BOS).</summary>
    private int PromptLength(string promptText) => promptText.Length == 0
        ? 0
        : _promptLengths.GetOrAdd(promptText, static (p, v) => v.Tokenize(p, addSpecial: false, parseSpecial: false).Length, _vocabulary);
}

namespace LlamaEmbed.Reranking;

/// <summary>
/// Turns (query, passage) into prompt token ids.
/// </summary>
/// <remarks>
/// <para><b>Tokenization rule.</b> rank1.md §6 asks for one tokenization of the whole prompt with special-token
/// parsing on, so that <c>&lt;think&gt;</c> becomes its id and text boundaries merge as Hugging Face merges them; the
/// issue asks that query and passage text never be parsed for special tokens. Both hold with: ids =
/// tokenize(everything before <c>&lt;think&gt;</c>, parse_special = false) + [id of <c>&lt;think&gt;</c>]. A special-token
/// match splits the text into fragments that are tokenized separately, so for text without special-token strings this
/// is exactly the one-call result; text that does contain such strings (a passage quoting <c>&lt;|endoftext|&gt;</c>)
/// stays plain text instead of injecting control tokens. No BOS is added.</para>
/// <para><b>Truncation rule.</b> A prompt may hold at most <see cref="Rank1Options.ContextSize"/> −
/// <see cref="Rank1Options.MaxReasoningTokens"/> tokens, so every pair keeps its whole reasoning budget. A longer one
/// keeps the head of its passage: the passage is tokenized on its own, cut by the number of tokens the prompt is over,
/// turned back into text (an unfinished UTF-8 character at the cut is dropped) and the prompt is built and tokenized
/// again as above, repeating until it fits. The prompt still ends with <c>"\n&lt;think&gt;"</c> and the judgement is
/// flagged <see cref="Rank1Judgement.Truncated"/>. The official code never truncates; it gives up (0.5) on prompts
/// longer than its 16000-token context.</para>
/// </remarks>
internal sealed class Rank1PromptBuilder
{
    private readonly Rank1Vocabulary _vocabulary;
    private readonly int _maxPromptTokens;

    /// <summary>Creates the builder for one model and its options.</summary>
    public Rank1PromptBuilder(Rank1Vocabulary vocabulary, Rank1Options options)
    {
        _vocabulary = vocabulary;
        _maxPromptTokens = options.ContextSize - options.MaxReasoningTokens;
    }

    /// <summary>Builds pair <paramref name="index"/> from the final query text (instruction merged, dataset prompt applied).</summary>
    /// <exception cref="ArgumentException">The query alone leaves no room in the prompt, even with an empty passage.</exception>
    public Rank1PairPrompt Build(int index, string query, string passage)
    {
        int[] tokens = Tokens(query, passage);
        if (tokens.Length <= _maxPromptTokens)
        {
            return new Rank1PairPrompt(index, tokens, Truncated: false);
        }
        int[] withoutPassage = Tokens(query, string.Empty);
        if (withoutPassage.Length > _maxPromptTokens)
        {
            throw new ArgumentException(
                $"The query is too long: with an empty passage the prompt already has {withoutPassage.Length} tokens, more than the " +
                $"{_maxPromptTokens} that ContextSize − MaxReasoningTokens allows.", nameof(query));
        }
        int[] passageTokens = _vocabulary.Tokenize(passage, parseSpecial: false);
        int keep = passageTokens.Length;
        while (true)
        {
            keep -= tokens.Length - _maxPromptTokens;
            if (keep <= 0)
            {
                return new Rank1PairPrompt(index, withoutPassage, Truncated: true);
            }
            tokens = Tokens(query, _vocabulary.Detokenize(passageTokens.AsSpan(0, keep)));
            if (tokens.Length <= _maxPromptTokens)
            {
                return new Rank1PairPrompt(index, tokens, Truncated: true);
            }
        }
    }

    /// <summary>The prompt ids by the tokenization rule: text with special parsing off, then the <c>&lt;think&gt;</c> id.</summary>
    internal int[] Tokens(string query, string passage) =>
        [.. _vocabulary.Tokenize(Rank1Prompt.BuildText(query, passage), parseSpecial: false), _vocabulary.ThinkOpenId];
}

using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// A real tokenizer vocabulary for a synthetic model: its tokens, scores, types and merges exactly as written to the
/// GGUF, the ids of its special tokens, and a managed copy of llama.cpp's tokenizer so tests can predict what
/// <c>llama_tokenize</c> returns.
/// </summary>
/// <remarks>
/// Built deterministically, so the same options always give the same ids. Every word the vocabulary was built for
/// (the rank1 prompt, EmbeddingGemma's prompts, a few hundred common English words, <see cref="SyntheticVocabularyOptions.ExtraWords"/>)
/// is one token with and without a leading space; other text splits into sub-words and, for SPM, byte tokens.
/// </remarks>
public sealed class SyntheticVocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly SpecialTokenSplitter _splitter;
    private readonly BpeTokenizer? _bpe;

    internal SyntheticVocabulary(
        string model,
        string preTokenizer,
        IReadOnlyList<string> tokens,
        IReadOnlyList<GgufTokenType> types,
        IReadOnlyList<float>? scores,
        IReadOnlyList<string> merges,
        SpecialTokenIds special)
    {
        Model = model;
        PreTokenizer = preTokenizer;
        Tokens = tokens;
        TokenTypes = types;
        Scores = scores;
        Merges = merges;
        BosId = special.Bos;
        EosId = special.Eos;
        UnknownId = special.Unknown;
        PaddingId = special.Padding;
        AddBos = special.AddBos;
        AddEos = special.AddEos;
        _ids = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (int id = 0; id < tokens.Count; id++)
        {
            if (!_ids.TryAdd(tokens[id], id))
            {
                throw new InvalidOperationException($"Token '{tokens[id]}' appears twice (ids {_ids[tokens[id]]} and {id}); llama.cpp would abort.");
            }
        }
        _splitter = new SpecialTokenSplitter(tokens, types);
        if (model == "gpt2")
        {
            var ranks = new Dictionary<(string, string), int>();
            for (int rank = 0; rank < merges.Count; rank++)
            {
                int space = merges[rank].IndexOf(' ', 1);
                ranks.TryAdd((merges[rank][..space], merges[rank][(space + 1)..]), rank);
            }
            _bpe = new BpeTokenizer(_ids, ranks, preTokenizer);
        }
    }

    /// <summary><c>tokenizer.ggml.model</c>: <c>llama</c> (SPM) or <c>gpt2</c> (byte-level BPE).</summary>
    public string Model { get; }

    /// <summary><c>tokenizer.ggml.pre</c>: <c>default</c>, <c>qwen2</c> or <c>llama-bpe</c>.</summary>
    public string PreTokenizer { get; }

    /// <summary>The token strings by id, as stored (SPM pieces with <c>▁</c>, BPE pieces in byte-character form).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The token types by id.</summary>
    public IReadOnlyList<GgufTokenType> TokenTypes { get; }

    /// <summary>SPM piece scores by id (higher merges first); null for BPE, which ranks by <see cref="Merges"/>.</summary>
    public IReadOnlyList<float>? Scores { get; }

    /// <summary>BPE merges in rank order, each <c>"left right"</c>; empty for SPM.</summary>
    public IReadOnlyList<string> Merges { get; }

    /// <summary>Number of tokens, which equals the model's <c>token_embd</c> row count.</summary>
    public int Count => Tokens.Count;

    /// <summary>The BOS id.</summary>
    public int BosId { get; }

    /// <summary>The EOS id.</summary>
    public int EosId { get; }

    /// <summary>The unknown-token id, or -1 when the vocabulary has none (BPE).</summary>
    public int UnknownId { get; }

    /// <summary>The padding id, or -1 when not written.</summary>
    public int PaddingId { get; }

    /// <summary>Whether <c>llama_tokenize(add_special=true)</c> prepends BOS.</summary>
    public bool AddBos { get; }

    /// <summary>Whether <c>llama_tokenize(add_special=true)</c> appends EOS.</summary>
    public bool AddEos { get; }

    /// <summary>True for an SPM vocabulary.</summary>
    public bool IsSpm => Model == "llama";

    /// <summary>
    /// The id of the single token whose text is <paramref name="text"/>: a special token's literal text
    /// (<c>&lt;think&gt;</c>), or plain text such as <c>" true"</c> (stored as <c>Ġtrue</c> or <c>▁true</c>).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No single token has that text.</exception>
    public int IdOf(string text) => TryGetId(text, out int id)
        ? id
        : throw new KeyNotFoundException($"No single token of this {Model} vocabulary has the text '{text}'.");

    /// <summary>Looks up the single token whose text is <paramref name="text"/>; see <see cref="IdOf"/>.</summary>
    public bool TryGetId(string text, out int id)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_ids.TryGetValue(text, out id) && TokenTypes[id] is not (GgufTokenType.Normal or GgufTokenType.Byte))
        {
            return true;
        }
        string stored = IsSpm ? text.Replace(' ', SpmTokenizer.WordStart) : ByteLevelEncoding.Encode(text);
        if (_ids.TryGetValue(stored, out id) && TokenTypes[id] == GgufTokenType.Normal)
        {
            return true;
        }
        id = -1;
        return false;
    }

    /// <summary>
    /// Tokenizes like llama.cpp's <c>llama_tokenize</c> on this vocabulary: special-token partitioning (CONTROL and
    /// UNKNOWN texts only with <paramref name="parseSpecial"/>), then SPM or byte-level BPE, then BOS/EOS when
    /// <paramref name="addSpecial"/> and the vocabulary adds them.
    /// </summary>
    public IReadOnlyList<int> Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<int>();
        if (addSpecial && AddBos)
        {
            output.Add(BosId);
        }
        foreach (TextFragment fragment in _splitter.Split(text, parseSpecial))
        {
            if (fragment.Text is null)
            {
                output.Add(fragment.Token);
            }
            else if (_bpe is null)
            {
                SpmTokenizer.Tokenize(fragment.Text, _ids, Scores!, output);
            }
            else
            {
                _bpe.Tokenize(fragment.Text, output);
            }
        }
        if (addSpecial && AddEos)
        {
            output.Add(EosId);
        }
        return output;
    }

    /// <summary>The plain text of a NORMAL token (<c>▁</c> or byte characters decoded), or a special token's literal text.</summary>
    public string TextOf(int id)
    {
        string token = Tokens[id];
        if (TokenTypes[id] != GgufTokenType.Normal)
        {
            return token;
        }
        if (IsSpm)
        {
            return token.Replace(SpmTokenizer.WordStart, ' ');
        }
        var bytes = new byte[token.Length];
        for (int i = 0; i < token.Length; i++)
        {
            bytes[i] = ByteLevelEncoding.Decode(token[i]);
        }
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Writes the <c>tokenizer.ggml.*</c> keys llama.cpp reads.</summary>
    internal void WriteTo(GgufMetadata metadata, bool addSpacePrefixKey)
    {
        metadata.Add("tokenizer.ggml.model", GgufValue.String(Model));
        metadata.Add("tokenizer.ggml.pre", GgufValue.String(PreTokenizer));
        metadata.Add("tokenizer.ggml.tokens", GgufValue.Array(Tokens.ToArray()));
        if (Scores is not null)
        {
            metadata.Add("tokenizer.ggml.scores", GgufValue.Array(Scores.ToArray()));
        }
        metadata.Add("tokenizer.ggml.token_type", GgufValue.Array(TokenTypes.Select(t => (int)t).ToArray()));
        if (Merges.Count > 0)
        {
            metadata.Add("tokenizer.ggml.merges", GgufValue.Array(Merges.ToArray()));
        }
        metadata.Add("tokenizer.ggml.bos_token_id", GgufValue.UInt32((uint)BosId));
        metadata.Add("tokenizer.ggml.eos_token_id", GgufValue.UInt32((uint)EosId));
        if (UnknownId >= 0)
        {
            metadata.Add("tokenizer.ggml.unknown_token_id", GgufValue.UInt32((uint)UnknownId));
        }
        if (PaddingId >= 0)
        {
            metadata.Add("tokenizer.ggml.padding_token_id", GgufValue.UInt32((uint)PaddingId));
        }
        if (IsSpm || AddBos)
        {
            metadata.Add("tokenizer.ggml.add_bos_token", GgufValue.Bool(AddBos));
        }
        if (IsSpm)
        {
            metadata.Add("tokenizer.ggml.add_eos_token", GgufValue.Bool(AddEos));
        }
        if (addSpacePrefixKey)
        {
            metadata.Add("tokenizer.ggml.add_space_prefix", GgufValue.Bool(false));
        }
    }
}

/// <summary>The special ids and add flags of a vocabulary.</summary>
internal readonly record struct SpecialTokenIds(int Bos, int Eos, int Unknown, int Padding, bool AddBos, bool AddEos);

using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// The tokenizer as it goes into the GGUF: the <c>tokenizer.ggml.*</c> arrays, the special ids and the add flags.
/// Built by <see cref="VocabularyBuilder"/>; written by <see cref="WriteTo"/>.
/// </summary>
public sealed class GgufVocabulary
{
    /// <summary>Creates a vocabulary; the arrays must have one entry per token.</summary>
    public GgufVocabulary(string model, string pre, IReadOnlyList<string> tokens, IReadOnlyList<GgufTokenType> types, IReadOnlyList<float>? scores, IReadOnlyList<string>? merges)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(types);
        if (types.Count != tokens.Count || (scores is not null && scores.Count != tokens.Count))
        {
            throw new ArgumentException("Token, type and score arrays must have the same length.", nameof(types));
        }
        Model = model;
        Pre = pre;
        Tokens = tokens;
        Types = types;
        Scores = scores;
        Merges = merges;
    }

    /// <summary><c>tokenizer.ggml.model</c>: <c>llama</c> (SentencePiece) or <c>gpt2</c> (byte-level BPE).</summary>
    public string Model { get; }

    /// <summary><c>tokenizer.ggml.pre</c>: <c>default</c> for SentencePiece, the pre-tokenizer name for BPE.</summary>
    public string Pre { get; }

    /// <summary>Token texts by id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Token types by id.</summary>
    public IReadOnlyList<GgufTokenType> Types { get; }

    /// <summary>Token scores by id (SentencePiece only).</summary>
    public IReadOnlyList<float>? Scores { get; }

    /// <summary>BPE merges as <c>"left right"</c> (BPE only).</summary>
    public IReadOnlyList<string>? Merges { get; }

    /// <summary>Special ids by kind (<c>bos</c>, <c>eos</c>, <c>unk</c>, <c>sep</c>, <c>pad</c>, <c>cls</c>, <c>mask</c>, <c>eot</c>, <c>eom</c>).</summary>
    public Dictionary<string, int> SpecialIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Add flags by kind (<c>bos</c>, <c>eos</c>, <c>sep</c>).</summary>
    public Dictionary<string, bool> AddFlags { get; } = new(StringComparer.Ordinal);

    /// <summary><c>tokenizer.ggml.add_space_prefix</c>, when the tokenizer decides it.</summary>
    public bool? AddSpacePrefix { get; set; }

    /// <summary><c>tokenizer.ggml.normalizer.lowercase</c>, when a normalizer sets it.</summary>
    public bool? NormalizerLowercase { get; set; }

    /// <summary><c>tokenizer.ggml.normalizer.strip_accents</c>, when a normalizer sets it.</summary>
    public bool? NormalizerStripAccents { get; set; }

    /// <summary><c>tokenizer.chat_template</c>.</summary>
    public string? ChatTemplate { get; set; }

    /// <summary>Number of tokens; the GGUF's <c>token_embd</c> must have exactly this many rows.</summary>
    public int Count => Tokens.Count;

    /// <summary>The id of <paramref name="text"/>, or −1.</summary>
    public int IdOf(string text)
    {
        for (int i = 0; i < Tokens.Count; i++)
        {
            if (string.Equals(Tokens[i], text, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Adds the <c>tokenizer.*</c> keys to <paramref name="metadata"/>.</summary>
    /// <exception cref="InvalidDataException">Two tokens have the same text (llama.cpp aborts on such a file).</exception>
    public void WriteTo(GgufMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var seen = new HashSet<string>(Tokens.Count, StringComparer.Ordinal);
        for (int i = 0; i < Tokens.Count; i++)
        {
            if (!seen.Add(Tokens[i]))
            {
                throw new InvalidDataException($"Token {i} '{Tokens[i]}' duplicates an earlier token's text; llama.cpp refuses such a vocabulary.");
            }
        }
        metadata.Add("tokenizer.ggml.model", GgufValue.String(Model));
        metadata.Add("tokenizer.ggml.pre", GgufValue.String(Pre));
        metadata.Add("tokenizer.ggml.tokens", GgufValue.Array(Tokens.ToArray()));
        if (Scores is not null)
        {
            metadata.Add("tokenizer.ggml.scores", GgufValue.Array(Scores.ToArray()));
        }
        metadata.Add("tokenizer.ggml.token_type", GgufValue.Array(Types.Select(t => (int)t).ToArray()));
        if (Merges is not null)
        {
            metadata.Add("tokenizer.ggml.merges", GgufValue.Array(Merges.ToArray()));
        }
        foreach (var (kind, id) in SpecialIds)
        {
            string key = kind switch
            {
                "unk" => "tokenizer.ggml.unknown_token_id",
                "sep" => "tokenizer.ggml.seperator_token_id",
                "pad" => "tokenizer.ggml.padding_token_id",
                _ => $"tokenizer.ggml.{kind}_token_id",
            };
            metadata.Add(key, GgufValue.UInt32((uint)id));
        }
        foreach (var (kind, flag) in AddFlags)
        {
            metadata.Add($"tokenizer.ggml.add_{kind}_token", GgufValue.Bool(flag));
        }
        if (AddSpacePrefix is bool addSpacePrefix)
        {
            metadata.Add("tokenizer.ggml.add_space_prefix", GgufValue.Bool(addSpacePrefix));
        }
        if (NormalizerLowercase is bool lowercase)
        {
            metadata.Add("tokenizer.ggml.normalizer.lowercase", GgufValue.Bool(lowercase));
        }
        if (NormalizerStripAccents is bool stripAccents)
        {
            metadata.Add("tokenizer.ggml.normalizer.strip_accents", GgufValue.Bool(stripAccents));
        }
        if (ChatTemplate is not null)
        {
            metadata.Add("tokenizer.chat_template", GgufValue.String(ChatTemplate));
        }
    }
}

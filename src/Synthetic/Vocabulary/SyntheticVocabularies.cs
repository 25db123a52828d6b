using System.Collections.Concurrent;

namespace LlamaEmbed.Synthetic;

/// <summary>Builds the synthetic vocabulary of each family. Deterministic: the same options give the same ids.</summary>
/// <remarks>
/// Vocabularies are immutable, so those of natural size (no <see cref="SyntheticVocabularyOptions.Size"/>) are built
/// once per process and shared; that keeps a tiny model's build in the milliseconds.
/// </remarks>
public static class SyntheticVocabularies
{
    private static readonly ConcurrentDictionary<(string Family, SyntheticVocabularyOptions Options), SyntheticVocabulary> s_cache = new();

    /// <summary>
    /// A Gemma SPM vocabulary: <c>&lt;pad&gt;</c>=0, <c>&lt;eos&gt;</c>=1, <c>&lt;bos&gt;</c>=2, <c>&lt;unk&gt;</c>=3,
    /// then (optionally) the three prefix tokens as CONTROL, 256 <c>&lt;0xNN&gt;</c> BYTE tokens and word pieces.
    /// </summary>
    /// <param name="options">Size, prefix tokens and extra words.</param>
    /// <param name="addEos">True for EmbeddingGemma, whose tokenizer wraps every text as <c>&lt;bos&gt; … &lt;eos&gt;</c>; false for Gemma-3 decoders.</param>
    /// <remarks>
    /// The prefix tokens are CONTROL, as the converter types <c>&lt;|…|&gt;</c> added tokens: <c>llama_tokenize</c> maps
    /// their text to one id only with parse_special=true; with parse_special=false the text is tokenized as ordinary
    /// characters (<c>&lt;</c>, <c>|</c>, <c>query</c>, …).
    /// </remarks>
    public static SyntheticVocabulary Gemma(SyntheticVocabularyOptions? options = null, bool addEos = true) =>
        Cached(addEos ? "gemma+eos" : "gemma", options, o => GemmaVocabularyBuilder.Build(o, addEos));

    /// <summary>
    /// A Qwen2 byte-level BPE vocabulary (<c>pre = "qwen2"</c>) with <c>&lt;|endoftext|&gt;</c> (BOS = EOS = padding,
    /// no add_bos), <c>&lt;|im_start|&gt;</c>, <c>&lt;|im_end|&gt;</c> and, by default, <c>&lt;think&gt;</c>/<c>&lt;/think&gt;</c>,
    /// all CONTROL. With a size of at least 151,667 they sit at Qwen2.5/rank1's real ids (151643–151645, 151665, 151666).
    /// </summary>
    public static SyntheticVocabulary Qwen2(SyntheticVocabularyOptions? options = null) =>
        Cached("qwen2", options, BpeVocabularyBuilder.BuildQwen2);

    /// <summary>
    /// A Llama-3 byte-level BPE vocabulary (<c>pre = "llama-bpe"</c>, add_bos) with <c>&lt;|begin_of_text|&gt;</c> (BOS),
    /// <c>&lt;|end_of_text|&gt;</c> (EOS), the header tokens, <c>&lt;|eot_id|&gt;</c> and, by default, the think tokens.
    /// </summary>
    public static SyntheticVocabulary Llama3(SyntheticVocabularyOptions? options = null) =>
        Cached("llama3", options, BpeVocabularyBuilder.BuildLlama3);

    /// <summary>The vocabulary a model of <paramref name="architecture"/> gets.</summary>
    public static SyntheticVocabulary For(SyntheticArchitecture architecture, SyntheticVocabularyOptions? options = null) => architecture switch
    {
        SyntheticArchitecture.GemmaEmbedding => Gemma(options, addEos: true),
        SyntheticArchitecture.Gemma3 => Gemma(options, addEos: false),
        SyntheticArchitecture.Qwen2 => Qwen2(options),
        SyntheticArchitecture.Llama => Llama3(options),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture."),
    };

    private static SyntheticVocabulary Cached(string family, SyntheticVocabularyOptions? options, Func<SyntheticVocabularyOptions, SyntheticVocabulary> build)
    {
        options ??= new SyntheticVocabularyOptions();
        return options.Size is null ? s_cache.GetOrAdd((family, options), key => build(key.Options)) : build(options);
    }
}

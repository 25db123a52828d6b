namespace LlamaEmbed.Conversion;

/// <summary>
/// Maps a BPE tokenizer's split regex to the <c>tokenizer.ggml.pre</c> name llama.cpp implements it under.
/// </summary>
/// <remarks>
/// llama.cpp's converter recognises a pre-tokenizer by hashing the token ids of a fixed test string, which needs
/// the Python tokenizers library. The regex in <c>tokenizer.json</c> identifies the same behaviour directly: each
/// entry below is the regex a family's <c>tokenizer.json</c> carries, as quoted in llama.cpp's <c>llama-vocab.cpp</c>
/// for that pre type.
/// </remarks>
public static class BpePreTokenizers
{
    /// <summary>GPT-2's regex, implied by a bare <c>ByteLevel</c> pre-tokenizer with <c>use_regex</c>.</summary>
    public const string Gpt2Regex = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Qwen2 / Qwen2.5 (rank1 bases).</summary>
    public const string Qwen2Regex = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Qwen3.5.</summary>
    public const string Qwen35Regex = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Llama 3 / 3.1 (rank1-llama3-8b), also LFM2.</summary>
    public const string Llama3Regex = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Mistral's Tekken tokenizer (rank1-mistral-2501-24b).</summary>
    public const string TekkenRegex = @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private static readonly (string Regex, string Name)[] s_known =
    [
        (Qwen2Regex, "qwen2"),
        (Qwen35Regex, "qwen35"),
        (Llama3Regex, "llama-bpe"),
        (TekkenRegex, "tekken"),
        (Gpt2Regex, "gpt-2"),
    ];

    /// <summary>The pre type names this converter can write.</summary>
    public static IReadOnlyList<string> SupportedNames => s_known.Select(k => k.Name).ToArray();

    /// <summary>The llama.cpp pre type for <paramref name="regex"/>, or null when it is not one we know.</summary>
    public static string? NameFor(string? regex) =>
        regex is null ? null : s_known.FirstOrDefault(k => string.Equals(k.Regex, regex, StringComparison.Ordinal)).Name;

    /// <summary>The regex of a pre type name (for building the matching Microsoft.ML.Tokenizers pre-tokenizer).</summary>
    public static string? RegexFor(string name) => s_known.FirstOrDefault(k => k.Name == name).Regex;
}

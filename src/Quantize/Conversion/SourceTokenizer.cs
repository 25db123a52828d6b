using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace LlamaEmbed.Conversion;

/// <summary>
/// The checkpoint's own tokenizer through Microsoft.ML.Tokenizers, independent of our GGUF export: a
/// <see cref="SentencePieceTokenizer"/> over <c>tokenizer.model</c>, or a byte-level <see cref="BpeTokenizer"/>
/// built from <c>tokenizer.json</c>'s vocabulary, merges and split regex. Used to check that llama.cpp on the
/// converted file tokenizes exactly as the source does.
/// </summary>
public sealed class SourceTokenizer
{
    private readonly Tokenizer _tokenizer;

    private SourceTokenizer(Tokenizer tokenizer, string description)
    {
        _tokenizer = tokenizer;
        Description = description;
    }

    /// <summary>What was built, e.g. <c>SentencePiece (tokenizer.model)</c>.</summary>
    public string Description { get; }

    /// <summary>Builds the tokenizer of <paramref name="checkpoint"/>.</summary>
    /// <exception cref="FileNotFoundException">The checkpoint has neither tokenizer file.</exception>
    /// <exception cref="NotSupportedException">A tokenizer.json that is not byte-level BPE with a known split regex.</exception>
    public static SourceTokenizer Create(HuggingFaceCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.TokenizerModelPath is string model)
        {
            using FileStream stream = File.OpenRead(model);
            return new SourceTokenizer(SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false), "SentencePiece (tokenizer.model)");
        }
        if (checkpoint.TokenizerJsonPath is not string json)
        {
            throw new FileNotFoundException($"{checkpoint.Directory}: no tokenizer.model or tokenizer.json to compare with.");
        }
        TokenizerJson tokenizer = TokenizerJson.Load(json);
        string regex = tokenizer.PreTokenizerRegex()
            ?? throw new NotSupportedException("tokenizer.json has no split regex; only byte-level BPE tokenizers can be rebuilt.");
        var vocabulary = new Dictionary<string, int>(tokenizer.Vocab, StringComparer.Ordinal);
        var options = new BpeOptions(vocabulary)
        {
            Merges = tokenizer.Merges.Select(m => $"{m.Left} {m.Right}").ToArray(),
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(new Regex(regex, RegexOptions.CultureInvariant), specialTokens: null),
        };
        return new SourceTokenizer(BpeTokenizer.Create(options), "byte-level BPE (tokenizer.json)");
    }

    /// <summary>The ids of <paramref name="text"/>, without BOS/EOS (compare with llama.cpp's add_special = false, parse_special = false).</summary>
    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text);
}

using System.Text.Json.Nodes;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// Builds the GGUF vocabulary from a checkpoint's tokenizer files the way llama.cpp's converter does: the
/// SentencePiece path from <c>tokenizer.model</c> (with <c>added_tokens.json</c> and
/// <c>added_tokens_decoder</c> overrides), else the byte-level BPE path from <c>tokenizer.json</c>; then the
/// special ids and add flags (<see cref="SpecialTokens"/>).
/// </summary>
public static class VocabularyBuilder
{
    private const float SentencePiecePadScore = -10000f;
    private const float AddedTokenScore = -1000f;

    /// <summary>Builds the vocabulary for <paramref name="checkpoint"/> with <paramref name="vocabSize"/> entries
    /// (config.json <c>vocab_size</c>, or the tokenizer's own size when the config has none).</summary>
    /// <exception cref="FileNotFoundException">Neither <c>tokenizer.model</c> nor <c>tokenizer.json</c> exists.</exception>
    /// <exception cref="NotSupportedException">A BPE pre-tokenizer llama.cpp's converter would not recognise.</exception>
    public static GgufVocabulary Build(HuggingFaceCheckpoint checkpoint, int? vocabSize)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        TokenizerJson? tokenizerJson = checkpoint.TokenizerJsonPath is string jsonPath ? TokenizerJson.Load(jsonPath) : null;
        TokenizerConfig tokenizerConfig = TokenizerConfig.Load(Path.Combine(checkpoint.Directory, "tokenizer_config.json"));
        if (checkpoint.TokenizerModelPath is string modelPath)
        {
            SentencePieceModel spm = SentencePieceModel.Load(modelPath);
            GgufVocabulary vocabulary = FromSentencePiece(checkpoint, spm, tokenizerConfig, vocabSize ?? spm.Pieces.Count);
            SpecialTokens.Apply(vocabulary, tokenizerJson, tokenizerConfig, checkpoint.Config);
            SpecialTokens.ApplySentencePieceDefaults(vocabulary, spm);
            return vocabulary;
        }
        if (tokenizerJson is null)
        {
            throw new FileNotFoundException($"{checkpoint.Directory}: no tokenizer.model or tokenizer.json.");
        }
        GgufVocabulary bpe = FromBpe(tokenizerJson, vocabSize);
        SpecialTokens.Apply(bpe, tokenizerJson, tokenizerConfig, checkpoint.Config);
        return bpe;
    }

    /// <summary>
    /// True for added-token texts llama.cpp's converter treats as control tokens even when not marked special:
    /// <c>&lt;pad&gt;</c>, <c>&lt;mask&gt;</c>, <c>&lt;2mass&gt;</c>, <c>[@BOS@]</c>, <c>&lt;|…|&gt;</c>,
    /// <c>&lt;｜…｜&gt;</c> and <c>&lt;unused…&gt;</c>.
    /// </summary>
    public static bool LooksSpecial(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text is "<pad>" or "<mask>" or "<2mass>" or "[@BOS@]"
            || (text.StartsWith("<|", StringComparison.Ordinal) && text.EndsWith("|>", StringComparison.Ordinal))
            || (text.StartsWith("<｜", StringComparison.Ordinal) && text.EndsWith("｜>", StringComparison.Ordinal))
            || (text.StartsWith("<unused", StringComparison.Ordinal) && text.EndsWith('>'));
    }

    private static GgufVocabulary FromSentencePiece(HuggingFaceCheckpoint checkpoint, SentencePieceModel spm, TokenizerConfig tokenizerConfig, int vocabSize)
    {
        var tokens = new string[vocabSize];
        var scores = new float[vocabSize];
        var types = new GgufTokenType[vocabSize];
        for (int i = 0; i < vocabSize; i++)
        {
            tokens[i] = $"[PAD{i}]";
            scores[i] = SentencePiecePadScore;
            types[i] = GgufTokenType.Unused;
        }
        for (int id = 0; id < Math.Min(spm.Pieces.Count, vocabSize); id++)
        {
            tokens[id] = spm.Pieces[id];
            scores[id] = spm.Scores[id];
            types[id] = spm.Types[id] == GgufTokenType.UserDefined ? GgufTokenType.Normal : spm.Types[id];
        }
        string addedTokensPath = Path.Combine(checkpoint.Directory, "added_tokens.json");
        if (File.Exists(addedTokensPath))
        {
            JsonObject added = JsonNode.Parse(File.ReadAllBytes(addedTokensPath)) as JsonObject
                ?? throw new InvalidDataException("added_tokens.json: the top level is not a JSON object.");
            foreach (var (text, idNode) in added)
            {
                int id = idNode?.GetValue<int>() ?? -1;
                if (id >= 0 && id < vocabSize)
                {
                    tokens[id] = text;
                    scores[id] = AddedTokenScore;
                    types[id] = GgufTokenType.UserDefined;
                }
            }
        }
        foreach (AddedToken token in tokenizerConfig.AddedTokensDecoder)
        {
            if (token.Id < 0 || token.Id >= vocabSize)
            {
                continue;
            }
            bool control = token.Special || LooksSpecial(token.Content);
            tokens[token.Id] = control ? token.Content : token.Content.Replace('\u2581', ' ');
            types[token.Id] = control ? GgufTokenType.Control : GgufTokenType.UserDefined;
            scores[token.Id] = AddedTokenScore;
        }
        return new GgufVocabulary("llama", "default", tokens, types, scores, merges: null);
    }

    private static GgufVocabulary FromBpe(TokenizerJson tokenizer, int? configVocabSize)
    {
        if (tokenizer.ModelType != "BPE" || !tokenizer.IsByteLevel())
        {
            throw new NotSupportedException($"tokenizer.json: a {tokenizer.ModelType} tokenizer without byte-level pieces is not supported; only byte-level BPE (Qwen2, Llama 3, Mistral Tekken) or a SentencePiece tokenizer.model.");
        }
        string regex = tokenizer.PreTokenizerRegex() ?? string.Empty;
        string pre = BpePreTokenizers.NameFor(regex)
            ?? throw new NotSupportedException($"tokenizer.json: unrecognised BPE pre-tokenizer regex; supported: {string.Join(", ", BpePreTokenizers.SupportedNames)}.");
        var reverse = new Dictionary<int, string>(tokenizer.Vocab.Count + tokenizer.AddedTokens.Count);
        foreach (var (text, id) in tokenizer.Vocab)
        {
            reverse[id] = text;
        }
        var added = new Dictionary<int, AddedToken>();
        foreach (AddedToken token in tokenizer.AddedTokens)
        {
            reverse[token.Id] = token.Content;
            added[token.Id] = token;
        }
        int maxId = reverse.Keys.DefaultIfEmpty(-1).Max();
        int vocabSize = configVocabSize ?? maxId + 1;
        if (maxId >= vocabSize)
        {
            throw new InvalidDataException($"tokenizer.json has token id {maxId}, beyond config.json vocab_size {vocabSize}.");
        }
        var tokens = new string[vocabSize];
        var types = new GgufTokenType[vocabSize];
        for (int i = 0; i < vocabSize; i++)
        {
            if (!reverse.TryGetValue(i, out string? text))
            {
                tokens[i] = $"[PAD{i}]";
                types[i] = GgufTokenType.Unused;
            }
            else if (added.TryGetValue(i, out AddedToken? token))
            {
                bool control = token.Special || LooksSpecial(text);
                tokens[i] = control ? text : text.Replace('\u2581', ' ');
                types[i] = control ? GgufTokenType.Control : GgufTokenType.UserDefined;
            }
            else
            {
                tokens[i] = text;
                types[i] = GgufTokenType.Normal;
            }
        }
        string[] merges = tokenizer.Merges
            .Select(m => $"{m.Left.Replace(' ', '\u0120')} {m.Right.Replace(' ', '\u0120')}")
            .ToArray();
        return new GgufVocabulary("gpt2", pre, tokens, types, scores: null, merges);
    }
}

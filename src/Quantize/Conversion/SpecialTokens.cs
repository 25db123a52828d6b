using System.Text.Json.Nodes;

namespace LlamaEmbed.Conversion;

/// <summary>
/// Special token ids and add-BOS/EOS flags, resolved in the order gguf-py's <c>SpecialVocab</c> uses:
/// <c>tokenizer.json</c>'s post-processor (TemplateProcessing or RobertaProcessing) and normalizer, then
/// <c>tokenizer_config.json</c> (<c>add_*_token</c> flags override; <c>*_token</c> texts are looked up among
/// <c>tokenizer.json</c>'s added tokens), then <c>config.json</c>'s <c>*_token_id</c> for kinds still unset. The
/// first id found for a kind wins; ids outside the vocabulary are skipped.
/// </summary>
public static class SpecialTokens
{
    private static readonly string[] s_kinds = ["bos", "eos", "unk", "sep", "pad", "cls", "mask"];

    /// <summary>Fills <paramref name="vocabulary"/>'s special ids, add flags, normalizer flags and chat template.</summary>
    public static void Apply(GgufVocabulary vocabulary, TokenizerJson? tokenizer, TokenizerConfig tokenizerConfig, ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(tokenizerConfig);
        ArgumentNullException.ThrowIfNull(config);
        var kinds = new List<string>(s_kinds);
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (string kind in s_kinds)
        {
            texts[kind] = tokenizerConfig.TokenText(kind);
        }
        bool hasConfig = tokenizerConfig.Exists;
        if (tokenizer is not null)
        {
            ReadNormalizer(vocabulary, tokenizer.Root["normalizer"]);
            if (hasConfig && texts["bos"] is null && texts["cls"] is not null)
            {
                texts["bos"] = texts["cls"];
            }
            if (hasConfig && texts["eos"] is null && texts["sep"] is not null)
            {
                texts["eos"] = texts["sep"];
            }
            if (tokenizer.Root["post_processor"] is JsonObject postProcessor)
            {
                IEnumerable<JsonNode?> processors = postProcessor["processors"] is JsonArray list ? list.ToArray() : [postProcessor];
                foreach (JsonNode? processor in processors)
                {
                    ReadProcessor(vocabulary, processor, texts, kinds, hasConfig);
                }
            }
        }
        if (hasConfig)
        {
            vocabulary.ChatTemplate = tokenizerConfig.ChatTemplate;
            foreach (string kind in kinds)
            {
                if (tokenizerConfig.AddToken(kind) is bool add)
                {
                    vocabulary.AddFlags[kind] = add;
                }
                if (tokenizer is not null && texts.GetValueOrDefault(kind) is string text
                    && tokenizer.AddedTokens.FirstOrDefault(t => t.Content == text) is AddedToken match)
                {
                    Set(vocabulary, kind, match.Id);
                }
            }
        }
        foreach (string kind in kinds)
        {
            if (config.GetInt($"{kind}_token_id") is int id)
            {
                Set(vocabulary, kind, id);
            }
        }
    }

    /// <summary>
    /// Fills bos, eos, unk and pad still unset from the SentencePiece model's own trainer ids. llama.cpp's converter
    /// leaves them unset, and llama.cpp then assumes unk 0, bos 1, eos 2, which is wrong for Gemma (unk 3, bos 2, eos 1).
    /// </summary>
    public static void ApplySentencePieceDefaults(GgufVocabulary vocabulary, SentencePieceModel model)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(model);
        Set(vocabulary, "bos", model.BosId);
        Set(vocabulary, "eos", model.EosId);
        Set(vocabulary, "unk", model.UnknownId);
        Set(vocabulary, "pad", model.PadId);
    }

    private static void Set(GgufVocabulary vocabulary, string kind, int id)
    {
        if (id >= 0 && id < vocabulary.Count)
        {
            vocabulary.SpecialIds.TryAdd(kind, id);
        }
    }

    private static void ReadNormalizer(GgufVocabulary vocabulary, JsonNode? normalizer)
    {
        switch (normalizer?["type"]?.GetValue<string>())
        {
            case "Lowercase":
                vocabulary.NormalizerLowercase = true;
                break;
            case "StripAccents":
                vocabulary.NormalizerStripAccents = true;
                break;
            case "BertNormalizer":
                if (normalizer["lowercase"] is JsonValue lower && lower.TryGetValue(out bool lowercase))
                {
                    vocabulary.NormalizerLowercase = lowercase;
                }
                if (normalizer["strip_accents"] is JsonValue strip && strip.TryGetValue(out bool stripAccents))
                {
                    vocabulary.NormalizerStripAccents = stripAccents;
                }
                break;
            case "Sequence" when normalizer["normalizers"] is JsonArray list:
                foreach (JsonNode? item in list)
                {
                    ReadNormalizer(vocabulary, item);
                }
                break;
            default:
                break;
        }
    }

    private static void ReadProcessor(GgufVocabulary vocabulary, JsonNode? processor, Dictionary<string, string?> texts, List<string> kinds, bool hasConfig)
    {
        string? type = processor?["type"]?.GetValue<string>();
        if (type == "RobertaProcessing")
        {
            vocabulary.AddFlags["bos"] = true;
            vocabulary.AddFlags["eos"] = true;
            vocabulary.AddFlags["sep"] = true;
            return;
        }
        if (type != "TemplateProcessing" || processor!["single"] is not JsonArray single || single.Count < 2)
        {
            return;
        }
        if (SpecialTokenId(single[0]) is string first)
        {
            if (!hasConfig)
            {
                texts["bos"] = first;
            }
            else if (first != texts["bos"] && first != texts["cls"])
            {
                texts["bos"] ??= first;
                texts["cls"] ??= first;
            }
            vocabulary.AddFlags["bos"] = first == texts["bos"] || first == texts["cls"];
        }
        if (SpecialTokenId(single[^1]) is string last)
        {
            if (!hasConfig)
            {
                texts["eos"] = last;
            }
            else if (last != texts["eos"])
            {
                string fallback = kinds.Contains("eot") ? "eom" : "eot";
                if (!kinds.Contains(fallback))
                {
                    kinds.Add(fallback);
                    texts[fallback] = texts["eos"];
                }
                texts["eos"] = last;
            }
            vocabulary.AddFlags["eos"] = last == texts["eos"];
        }
    }

    private static string? SpecialTokenId(JsonNode? item) =>
        item?["SpecialToken"]?["id"] is JsonValue value && value.TryGetValue(out string? id) && id.Length > 0 ? id : null;
}

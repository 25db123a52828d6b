using System.Text.Json;
using System.Text.Json.Nodes;
using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;
using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>Writes Hugging Face tokenizer files (tokenizer.model, tokenizer.json, tokenizer_config.json) from a synthetic vocabulary.</summary>
public static class TokenizerFilesWriter
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = false };

    /// <summary>Gemma: a SentencePiece tokenizer.model with every piece, a tokenizer.json with the special tokens and a
    /// TemplateProcessing post-processor, and tokenizer_config.json with the add flags.</summary>
    /// <remarks>Added tokens (Rank-Embed's prefix tokens) are appended after the SentencePiece pieces, declared in
    /// tokenizer_config.json's added_tokens_decoder and tokenizer.json's added_tokens.</remarks>
    public static void WriteSentencePiece(string directory, SyntheticVocabulary vocabulary, bool addEos, IReadOnlyList<string>? addedTokens = null)
    {
        SentencePieceModelWriter.Write(Path.Combine(directory, "tokenizer.model"), vocabulary.Tokens, vocabulary.Scores!,
            vocabulary.TokenTypes, vocabulary.UnknownId, vocabulary.BosId, vocabulary.EosId, vocabulary.PaddingId);
        var added = new JsonArray();
        var decoder = new JsonObject();
        foreach (int id in new[] { vocabulary.PaddingId, vocabulary.EosId, vocabulary.BosId, vocabulary.UnknownId })
        {
            added.Add(AddedToken(id, vocabulary.Tokens[id], special: true));
            decoder[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Decoder(vocabulary.Tokens[id], special: true);
        }
        for (int i = 0; i < (addedTokens?.Count ?? 0); i++)
        {
            int id = vocabulary.Count + i;
            added.Add(AddedToken(id, addedTokens![i], special: true));
            decoder[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Decoder(addedTokens[i], special: true);
        }
        var single = new JsonArray(SpecialItem(vocabulary.Tokens[vocabulary.BosId]), SequenceItem("A"));
        if (addEos)
        {
            single.Add(SpecialItem(vocabulary.Tokens[vocabulary.EosId]));
        }
        var vocab = new JsonObject();
        for (int id = 0; id < vocabulary.Count; id++)
        {
            vocab[vocabulary.Tokens[id]] = id;
        }
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = added,
            ["normalizer"] = new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = "\u2581" },
            ["pre_tokenizer"] = null,
            ["post_processor"] = new JsonObject { ["type"] = "TemplateProcessing", ["single"] = single, ["pair"] = new JsonArray() },
            ["model"] = new JsonObject { ["type"] = "BPE", ["byte_fallback"] = true, ["vocab"] = vocab, ["merges"] = new JsonArray() },
        };
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), tokenizer.ToJsonString(s_indented));
        var config = new JsonObject
        {
            ["add_bos_token"] = true,
            ["add_eos_token"] = addEos,
            ["bos_token"] = vocabulary.Tokens[vocabulary.BosId],
            ["eos_token"] = vocabulary.Tokens[vocabulary.EosId],
            ["unk_token"] = vocabulary.Tokens[vocabulary.UnknownId],
            ["pad_token"] = vocabulary.Tokens[vocabulary.PaddingId],
            ["added_tokens_decoder"] = decoder,
        };
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), config.ToJsonString(s_indented));
    }

    /// <summary>Byte-level BPE: tokenizer.json (vocab, merges in the <c>[a, b]</c> or <c>"a b"</c> form, added tokens,
    /// Split + ByteLevel pre-tokenizer) and tokenizer_config.json.</summary>
    public static void WriteBpe(string directory, SyntheticVocabulary vocabulary, string regex, bool pairMerges, string bosText, string eosText)
    {
        var vocab = new JsonObject();
        var added = new JsonArray();
        for (int id = 0; id < vocabulary.Count; id++)
        {
            if (vocabulary.TokenTypes[id] == GgufTokenType.Control)
            {
                added.Add(AddedToken(id, vocabulary.Tokens[id], special: true));
            }
            else if (vocabulary.TokenTypes[id] != GgufTokenType.Unused)
            {
                vocab[vocabulary.Tokens[id]] = id;
            }
        }
        var merges = new JsonArray();
        foreach (string merge in vocabulary.Merges)
        {
            int space = merge.IndexOf(' ', 1);
            merges.Add(pairMerges ? new JsonArray(merge[..space], merge[(space + 1)..]) : JsonValue.Create(merge));
        }
        JsonNode postProcessor = vocabulary.AddBos
            ? new JsonObject { ["type"] = "TemplateProcessing", ["single"] = new JsonArray(SpecialItem(bosText), SequenceItem("A")), ["pair"] = new JsonArray() }
            : new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false };
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = regex }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false }),
            },
            ["post_processor"] = postProcessor,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = merges },
        };
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), tokenizer.ToJsonString(s_indented));
        var config = new JsonObject
        {
            ["bos_token"] = vocabulary.AddBos ? bosText : null,
            ["eos_token"] = eosText,
            ["pad_token"] = vocabulary.PaddingId >= 0 ? vocabulary.Tokens[vocabulary.PaddingId] : null,
        };
        if (!vocabulary.AddBos)
        {
            config["add_bos_token"] = false;
        }
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), config.ToJsonString(s_indented));
    }

    private static JsonObject AddedToken(int id, string content, bool special) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = false,
        ["rstrip"] = false,
        ["normalized"] = false,
        ["special"] = special,
    };

    private static JsonObject Decoder(string content, bool special) => new() { ["content"] = content, ["special"] = special };

    private static JsonObject SpecialItem(string id) => new() { ["SpecialToken"] = new JsonObject { ["id"] = id, ["type_id"] = 0 } };

    private static JsonObject SequenceItem(string id) => new() { ["Sequence"] = new JsonObject { ["id"] = id, ["type_id"] = 0 } };
}

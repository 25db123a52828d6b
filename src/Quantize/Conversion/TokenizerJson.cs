using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlamaEmbed.Conversion;

/// <summary>One entry of <c>tokenizer.json</c>'s <c>added_tokens</c>.</summary>
/// <param name="Id">Token id.</param>
/// <param name="Content">Token text.</param>
/// <param name="Special">True for special tokens (skipped when decoding).</param>
/// <param name="Normalized">True when the normalizer runs over the token before matching.</param>
public sealed record AddedToken(int Id, string Content, bool Special, bool Normalized);

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> with a BPE model: the vocabulary, the merges (either the <c>"a b"</c>
/// strings of older files or the <c>["a", "b"]</c> pairs transformers has written since 4.45), the added tokens, and
/// the pre-tokenizer, normalizer and post-processor sections the converter reads.
/// </summary>
public sealed class TokenizerJson
{
    private TokenizerJson(JsonObject root, Dictionary<string, int> vocab, List<(string Left, string Right)> merges, List<AddedToken> added)
    {
        Root = root;
        Vocab = vocab;
        Merges = merges;
        AddedTokens = added;
    }

    /// <summary>The whole document, for sections read elsewhere (post_processor, normalizer, pre_tokenizer).</summary>
    public JsonObject Root { get; }

    /// <summary><c>model.type</c> (e.g. <c>BPE</c>).</summary>
    public string ModelType => Root["model"]?["type"]?.GetValue<string>() ?? "BPE";

    /// <summary><c>model.vocab</c>: token text → id (byte-level pieces such as <c>Ġthe</c> as stored).</summary>
    public IReadOnlyDictionary<string, int> Vocab { get; }

    /// <summary><c>model.merges</c> in priority order.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    /// <summary><c>added_tokens</c> in file order.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>True when <c>model.byte_fallback</c> is set (SentencePiece-style BPE with <c>&lt;0xNN&gt;</c> pieces).</summary>
    public bool ByteFallback => Root["model"]?["byte_fallback"]?.GetValue<bool>() ?? false;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Malformed JSON, no model vocab, or a merge in neither accepted form.</exception>
    public static TokenizerJson Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string file = Path.GetFileName(path);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new InvalidDataException($"{file}: the top level is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file}: not valid JSON ({ex.Message.Split('\n')[0]}).", ex);
        }
        if (root["model"]?["vocab"] is not JsonObject vocabObject)
        {
            throw new InvalidDataException($"{file}: no model.vocab object (only BPE tokenizers are supported).");
        }
        var vocab = new Dictionary<string, int>(vocabObject.Count, StringComparer.Ordinal);
        foreach (var (token, id) in vocabObject)
        {
            vocab[token] = id?.GetValue<int>() ?? throw new InvalidDataException($"{file}: token '{token}' has no id.");
        }
        var merges = new List<(string, string)>();
        if (root["model"]?["merges"] is JsonArray mergeArray)
        {
            foreach (JsonNode? merge in mergeArray)
            {
                merges.Add(ParseMerge(file, merge));
            }
        }
        var added = new List<AddedToken>();
        if (root["added_tokens"] is JsonArray addedArray)
        {
            foreach (JsonNode? entry in addedArray)
            {
                added.Add(new AddedToken(
                    entry?["id"]?.GetValue<int>() ?? throw new InvalidDataException($"{file}: an added token has no id."),
                    entry["content"]?.GetValue<string>() ?? throw new InvalidDataException($"{file}: added token {entry["id"]} has no content."),
                    entry["special"]?.GetValue<bool>() ?? false,
                    entry["normalized"]?.GetValue<bool>() ?? true));
            }
        }
        return new TokenizerJson(root, vocab, merges, added);
    }

    /// <summary>
    /// The pre-tokenizer's split regex, from a <c>Split</c> pre-tokenizer (alone or inside a <c>Sequence</c>); the
    /// GPT-2 regex when the only pre-tokenizer is a <c>ByteLevel</c> with <c>use_regex</c>; null when there is none.
    /// </summary>
    public string? PreTokenizerRegex()
    {
        JsonNode? pre = Root["pre_tokenizer"];
        if (pre is null)
        {
            return null;
        }
        JsonNode?[] steps = pre["type"]?.GetValue<string>() == "Sequence" && pre["pretokenizers"] is JsonArray list
            ? list.ToArray()
            : [pre];
        foreach (JsonNode? step in steps)
        {
            string? type = step?["type"]?.GetValue<string>();
            if (type == "Split" && step!["pattern"]?["Regex"]?.GetValue<string>() is string regex)
            {
                return regex;
            }
            if (type == "ByteLevel" && (step!["use_regex"]?.GetValue<bool>() ?? true))
            {
                return BpePreTokenizers.Gpt2Regex;
            }
        }
        return null;
    }

    /// <summary>True when a <c>ByteLevel</c> pre-tokenizer or decoder is present (GPT-2 byte-to-unicode pieces).</summary>
    public bool IsByteLevel()
    {
        string text = (Root["pre_tokenizer"]?.ToJsonString() ?? string.Empty) + (Root["decoder"]?.ToJsonString() ?? string.Empty);
        return text.Contains("\"ByteLevel\"", StringComparison.Ordinal);
    }

    private static (string, string) ParseMerge(string file, JsonNode? merge)
    {
        if (merge is JsonValue value && value.TryGetValue(out string? text))
        {
            int space = text.IndexOf(' ', 1);
            if (space <= 0 || space == text.Length - 1)
            {
                throw new InvalidDataException($"{file}: merge '{text}' is not two pieces separated by a space.");
            }
            return (text[..space], text[(space + 1)..]);
        }
        if (merge is JsonArray pair && pair.Count == 2 && pair[0] is JsonValue l && l.TryGetValue(out string? left)
            && pair[1] is JsonValue r && r.TryGetValue(out string? right))
        {
            return (left, right);
        }
        throw new InvalidDataException($"{file}: a merge is neither \"a b\" nor [\"a\", \"b\"].");
    }
}

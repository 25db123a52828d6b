using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlamaEmbed.Conversion;

/// <summary>
/// <c>tokenizer_config.json</c>: the <c>add_*_token</c> flags, the <c>*_token</c> strings, <c>added_tokens_decoder</c>
/// and the chat template. Every member is optional; a missing file reads as empty.
/// </summary>
public sealed class TokenizerConfig
{
    private readonly JsonObject _root;

    private TokenizerConfig(JsonObject root, bool exists)
    {
        _root = root;
        Exists = exists;
    }

    /// <summary>False when the checkpoint has no <c>tokenizer_config.json</c>.</summary>
    public bool Exists { get; }

    /// <summary>Reads <paramref name="path"/>, or returns an empty config when it does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a JSON object.</exception>
    public static TokenizerConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            return new TokenizerConfig([], exists: false);
        }
        try
        {
            return new TokenizerConfig(JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new InvalidDataException($"{Path.GetFileName(path)}: the top level is not a JSON object."), exists: true);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: not valid JSON ({ex.Message.Split('\n')[0]}).", ex);
        }
    }

    /// <summary><c>add_{kind}_token</c> when it is a boolean (kind: bos, eos, sep, …).</summary>
    public bool? AddToken(string kind) =>
        _root[$"add_{kind}_token"] is JsonValue v && v.TryGetValue(out bool flag) ? flag : null;

    /// <summary><c>add_prefix_space</c> when it is a boolean.</summary>
    public bool? AddPrefixSpace => _root["add_prefix_space"] is JsonValue v && v.TryGetValue(out bool flag) ? flag : null;

    /// <summary>The text of <c>{kind}_token</c>, written either as a string or as an object with <c>content</c>.</summary>
    public string? TokenText(string kind) => _root[$"{kind}_token"] switch
    {
        JsonValue v when v.TryGetValue(out string? text) => text,
        JsonObject o when o["content"] is JsonValue c && c.TryGetValue(out string? content) => content,
        _ => null,
    };

    /// <summary><c>chat_template</c> when it is a single string.</summary>
    public string? ChatTemplate => _root["chat_template"] is JsonValue v && v.TryGetValue(out string? text) ? text : null;

    /// <summary><c>added_tokens_decoder</c>: id → (content, special), in file order.</summary>
    public IReadOnlyList<AddedToken> AddedTokensDecoder
    {
        get
        {
            if (_root["added_tokens_decoder"] is not JsonObject decoder)
            {
                return [];
            }
            var tokens = new List<AddedToken>(decoder.Count);
            foreach (var (key, value) in decoder)
            {
                if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id)
                    || value?["content"] is not JsonValue content || !content.TryGetValue(out string? text))
                {
                    throw new InvalidDataException($"tokenizer_config.json: added_tokens_decoder entry '{key}' needs a numeric id and a content string.");
                }
                bool special = value["special"] is JsonValue s && s.TryGetValue(out bool flag) && flag;
                tokens.Add(new AddedToken(id, text, special, Normalized: false));
            }
            return tokens;
        }
    }
}

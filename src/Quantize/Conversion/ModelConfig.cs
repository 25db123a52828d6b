using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlamaEmbed.Conversion;

/// <summary>
/// A checkpoint's <c>config.json</c>, with a multimodal <c>text_config</c> merged into the root (as llama.cpp's
/// converter does) and typed lookups that try several spellings of a hyperparameter.
/// </summary>
public sealed class ModelConfig
{
    private readonly JsonObject _root;

    private ModelConfig(JsonObject root) => _root = root;

    /// <summary>The first entry of <c>architectures</c>, e.g. <c>Gemma3TextModel</c>; null when absent.</summary>
    public string? Architecture => _root["architectures"] is JsonArray list && list.Count > 0 && list[0] is JsonValue v
        && v.TryGetValue(out string? name) ? name : null;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a JSON object.</exception>
    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: missing; a Hugging Face checkpoint needs config.json.", path);
        }
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new InvalidDataException("config.json: the top level is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"config.json: not valid JSON ({ex.Message.Split('\n')[0]}).", ex);
        }
        if (root["text_config"] is JsonObject textConfig)
        {
            foreach (var (key, value) in textConfig)
            {
                root[key] = value?.DeepClone();
            }
        }
        return new ModelConfig(root);
    }

    /// <summary>The raw node at <paramref name="key"/>, or null.</summary>
    public JsonNode? this[string key] => _root[key];

    /// <summary>The first of <paramref name="keys"/> present as an integer.</summary>
    public int? GetInt(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (string key in keys)
        {
            if (_root[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int value))
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>The first of <paramref name="keys"/> present as a number.</summary>
    public double? GetDouble(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (string key in keys)
        {
            if (_root[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                return v.GetValue<double>();
            }
        }
        return null;
    }

    /// <summary>The value of <paramref name="key"/> when it is a boolean.</summary>
    public bool? GetBool(string key) =>
        _root[key] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    /// <summary>The value of <paramref name="key"/> when it is a string.</summary>
    public string? GetString(string key) => _root[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>The first of <paramref name="keys"/> as an integer.</summary>
    /// <exception cref="InvalidDataException">None is present.</exception>
    public int RequireInt(params string[] keys) =>
        GetInt(keys) ?? throw new InvalidDataException($"config.json: missing {string.Join(" or ", keys)}.");

    /// <summary>
    /// RoPE parameters for the full-attention layers: <c>rope_parameters.full_attention</c> or
    /// <c>rope_parameters</c> or <c>rope_scaling</c>, with <c>rope_theta</c> filled from the root.
    /// </summary>
    public JsonObject RopeParameters()
    {
        JsonObject result = [];
        JsonObject? source = _root["rope_parameters"] as JsonObject ?? _root["rope_scaling"] as JsonObject;
        if (source?["full_attention"] is JsonObject full)
        {
            source = full;
        }
        if (source is not null)
        {
            foreach (var (key, value) in source)
            {
                result[key] = value?.DeepClone();
            }
        }
        if (result["rope_type"] is null && result["type"] is JsonNode type)
        {
            result["rope_type"] = type.DeepClone();
        }
        if (result["rope_theta"] is null && GetDouble("rope_theta") is double theta)
        {
            result["rope_theta"] = theta;
        }
        return result;
    }

    /// <summary>The RoPE base of sliding-window layers (<c>rope_parameters.sliding_attention.rope_theta</c> or <c>rope_local_base_freq</c>).</summary>
    public double? SlidingRopeTheta() =>
        _root["rope_parameters"]?["sliding_attention"]?["rope_theta"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? v.GetValue<double>()
            : GetDouble("rope_local_base_freq", "local_rope_theta");

    /// <summary>Formats a number for messages.</summary>
    internal static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

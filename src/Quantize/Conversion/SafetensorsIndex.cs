using System.Text.Json;

namespace LlamaEmbed.Conversion;

/// <summary>
/// The shard index of a sharded checkpoint (<c>model.safetensors.index.json</c>): which shard file holds each tensor.
/// </summary>
public sealed class SafetensorsIndex
{
    /// <summary>The conventional index file name.</summary>
    public const string FileName = "model.safetensors.index.json";

    private SafetensorsIndex(IReadOnlyDictionary<string, string> weightMap) => WeightMap = weightMap;

    /// <summary>Tensor name → shard file name (a bare file name in the index's folder).</summary>
    public IReadOnlyDictionary<string, string> WeightMap { get; }

    /// <summary>The distinct shard file names, in first-mention order.</summary>
    public IReadOnlyList<string> ShardFiles => WeightMap.Values.Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Reads and validates an index file.</summary>
    /// <exception cref="SafetensorsFormatException">The JSON lacks a <c>weight_map</c> of strings, or a shard name
    /// is not a plain file name in the same folder (a path such as <c>../x</c> is refused).</exception>
    public static SafetensorsIndex Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string file = Path.GetFileName(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new SafetensorsFormatException($"{file}: not valid JSON ({ex.Message.Split('\n')[0]}).", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out JsonElement map)
                || map.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException($"{file}: no weight_map object.");
            }
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty entry in map.EnumerateObject())
            {
                string? shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
                if (string.IsNullOrEmpty(shard) || shard != Path.GetFileName(shard) || shard is "." or "..")
                {
                    throw new SafetensorsFormatException($"{file}: tensor '{entry.Name}' maps to '{shard}', which is not a file name in the checkpoint folder.");
                }
                if (!weightMap.TryAdd(entry.Name, shard))
                {
                    throw new SafetensorsFormatException($"{file}: tensor '{entry.Name}' is listed twice.");
                }
            }
            return new SafetensorsIndex(weightMap);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LlamaEmbed.Conversion;

/// <summary>The two low-rank factors PEFT trained for one Linear weight.</summary>
/// <param name="Module">The module path as the adapter names it, without the PEFT prefix (e.g. <c>model.layers.0.self_attn.q_proj</c>).</param>
/// <param name="AName">The tensor holding A, shape <c>[r, in]</c>.</param>
/// <param name="BName">The tensor holding B, shape <c>[out, r]</c>.</param>
public sealed record LoraPair(string Module, string AName, string BName);

/// <summary>
/// A PEFT LoRA adapter (<c>adapter_config.json</c> + <c>adapter_model.safetensors</c>), merged into the base
/// weights by <see cref="LoraMerger"/> as W + scale·B·A with scale = alpha/r (alpha/√r with rsLoRA).
/// </summary>
/// <remarks>Refused with a clear message: DoRA, <c>fan_in_fan_out</c>, per-module rank or alpha patterns, and
/// adapters that carry full tensors (<c>modules_to_save</c>) or layers other than LoRA A/B pairs.</remarks>
public sealed class LoraAdapter : IDisposable
{
    private const string PeftPrefix = "base_model.model.";

    private LoraAdapter(string directory, TensorStore tensors, double scale, int rank, IReadOnlyList<LoraPair> pairs)
    {
        Directory = directory;
        Tensors = tensors;
        Scale = scale;
        Rank = rank;
        Pairs = pairs;
    }

    /// <summary>The adapter folder.</summary>
    public string Directory { get; }

    /// <summary>The adapter's tensors.</summary>
    public TensorStore Tensors { get; }

    /// <summary>The merge scale: <c>lora_alpha / r</c>, or <c>lora_alpha / √r</c> when <c>use_rslora</c> is set.</summary>
    public double Scale { get; }

    /// <summary>The rank r.</summary>
    public int Rank { get; }

    /// <summary>Every adapted module.</summary>
    public IReadOnlyList<LoraPair> Pairs { get; }

    /// <summary>True when <paramref name="directory"/> holds an adapter.</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, "adapter_config.json"));

    /// <summary>Reads and validates the adapter in <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException"><c>adapter_model.safetensors</c> is missing.</exception>
    /// <exception cref="InvalidDataException">The config or tensors are malformed.</exception>
    /// <exception cref="NotSupportedException">A PEFT feature the merge does not implement.</exception>
    public static LoraAdapter Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string configPath = Path.Combine(directory, "adapter_config.json");
        JsonObject config;
        try
        {
            config = JsonNode.Parse(File.ReadAllBytes(configPath)) as JsonObject
                ?? throw new InvalidDataException("adapter_config.json: the top level is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"adapter_config.json: not valid JSON ({ex.Message.Split('\n')[0]}).", ex);
        }
        string peftType = config["peft_type"]?.GetValue<string>() ?? "LORA";
        if (peftType != "LORA")
        {
            throw new NotSupportedException($"adapter_config.json: peft_type {peftType} is not supported; only LORA adapters merge.");
        }
        if (Flag(config, "use_dora") || Flag(config, "fan_in_fan_out"))
        {
            throw new NotSupportedException("adapter_config.json: DoRA and fan_in_fan_out adapters are not supported.");
        }
        if (config["rank_pattern"] is JsonObject { Count: > 0 } || config["alpha_pattern"] is JsonObject { Count: > 0 })
        {
            throw new NotSupportedException("adapter_config.json: per-module rank_pattern/alpha_pattern is not supported.");
        }
        int rank = config["r"]?.GetValue<int>() ?? throw new InvalidDataException("adapter_config.json: no r.");
        double alpha = config["lora_alpha"]?.GetValue<double>() ?? rank;
        if (rank <= 0)
        {
            throw new InvalidDataException($"adapter_config.json: r is {rank}.");
        }
        double scale = Flag(config, "use_rslora") ? alpha / Math.Sqrt(rank) : alpha / rank;
        Func<string, bool> isTarget = TargetMatcher(config["target_modules"]);
        string weights = Path.Combine(directory, "adapter_model.safetensors");
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"{directory}: adapter_config.json without adapter_model.safetensors (only safetensors adapters are supported).", weights);
        }
        TensorStore tensors = TensorStore.Open([weights]);
        try
        {
            return new LoraAdapter(directory, tensors, scale, rank, FindPairs(tensors, rank, isTarget));
        }
        catch
        {
            tensors.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Tensors.Dispose();

    private static List<LoraPair> FindPairs(TensorStore tensors, int rank, Func<string, bool> isTarget)
    {
        var pairs = new List<LoraPair>();
        foreach (string name in tensors.Names)
        {
            string bare = name.StartsWith(PeftPrefix, StringComparison.Ordinal) ? name[PeftPrefix.Length..] : name;
            if (bare.EndsWith(".lora_B.weight", StringComparison.Ordinal))
            {
                continue;
            }
            if (!bare.EndsWith(".lora_A.weight", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"adapter_model.safetensors: tensor '{name}' is not a LoRA A/B factor (modules_to_save and other full tensors are not supported).");
            }
            string module = bare[..^".lora_A.weight".Length];
            string bName = name[..^".lora_A.weight".Length] + ".lora_B.weight";
            if (!tensors.Contains(bName))
            {
                throw new InvalidDataException($"adapter_model.safetensors: '{name}' has no matching '{bName}'.");
            }
            if (!isTarget(module))
            {
                throw new InvalidDataException($"adapter_model.safetensors: module '{module}' is not among adapter_config.json's target_modules.");
            }
            SafetensorsTensorInfo a = tensors.Info(name);
            SafetensorsTensorInfo b = tensors.Info(bName);
            if (a.Shape.Count != 2 || b.Shape.Count != 2 || a.Shape[0] != rank || b.Shape[1] != rank)
            {
                throw new InvalidDataException($"adapter_model.safetensors: '{module}' has A {a.ShapeText} and B {b.ShapeText}; expected [r, in] and [out, r] with r = {rank}.");
            }
            pairs.Add(new LoraPair(module, name, bName));
        }
        if (pairs.Count == 0)
        {
            throw new InvalidDataException("adapter_model.safetensors: no LoRA A/B factors.");
        }
        return pairs;
    }

    private static Func<string, bool> TargetMatcher(JsonNode? targets)
    {
        switch (targets)
        {
            case JsonValue v when v.TryGetValue(out string? pattern):
                if (pattern == "all-linear")
                {
                    return _ => true;
                }
                var regex = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                return module => regex.IsMatch(module);
            case JsonArray list:
                var names = list.Select(n => n?.GetValue<string>() ?? string.Empty).ToHashSet(StringComparer.Ordinal);
                return module => names.Contains(module[(module.LastIndexOf('.') + 1)..]) || names.Contains(module);
            default:
                throw new InvalidDataException("adapter_config.json: target_modules must be a list of names or a regex string.");
        }
    }

    private static bool Flag(JsonObject config, string key) => config[key] is JsonValue v && v.TryGetValue(out bool flag) && flag;
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlamaEmbed.Conversion;

/// <summary>A sentence-transformers <c>Dense</c> module: a Linear layer applied after pooling.</summary>
/// <param name="Path">The module folder relative to the checkpoint (e.g. <c>2_Dense</c>).</param>
/// <param name="InFeatures">Input width.</param>
/// <param name="OutFeatures">Output width.</param>
/// <param name="HasBias">Whether the layer has a bias (<c>linear.bias</c>).</param>
/// <param name="WeightsFile">The module's <c>model.safetensors</c>.</param>
public sealed record DenseModule(string Path, int InFeatures, int OutFeatures, bool HasBias, string WeightsFile);

/// <summary>
/// What a sentence-transformers checkpoint says about how to use the model: <c>modules.json</c> (Pooling, Dense,
/// Normalize modules), the pooling module's <c>config.json</c>, every Dense module's <c>config.json</c> and weights,
/// and <c>config_sentence_transformers.json</c> (prompts, default prompt, similarity function).
/// </summary>
public sealed class SentenceTransformersInfo
{
    /// <summary>Pooling mode: <c>mean</c>, <c>cls</c> or <c>last</c>; null without a Pooling module.</summary>
    public string? Pooling { get; private init; }

    /// <summary>Whether mean pooling includes prompt tokens (<c>include_prompt</c>, default true).</summary>
    public bool IncludePrompt { get; private init; } = true;

    /// <summary>The Dense modules in pipeline order.</summary>
    public IReadOnlyList<DenseModule> Dense { get; private init; } = [];

    /// <summary>True when the pipeline ends with a Normalize module.</summary>
    public bool Normalize { get; private init; }

    /// <summary>Prompt names and texts in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Prompts { get; private init; } = [];

    /// <summary><c>default_prompt_name</c>, when set.</summary>
    public string? DefaultPrompt { get; private init; }

    /// <summary><c>similarity_fn_name</c>, when set (e.g. <c>cosine</c>).</summary>
    public string? Similarity { get; private init; }

    /// <summary>True when the folder has a <c>modules.json</c>.</summary>
    public bool IsSentenceTransformers { get; private init; }

    /// <summary>Reads the sentence-transformers files of <paramref name="directory"/>; an empty result when there are none.</summary>
    /// <exception cref="InvalidDataException">A file is malformed or a Dense module lacks its weights or dimensions.</exception>
    /// <exception cref="NotSupportedException">A pooling mode other than mean, CLS or last token, or a Dense activation other than identity.</exception>
    public static SentenceTransformersInfo Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string? pooling = null;
        bool includePrompt = true;
        bool normalize = false;
        var dense = new List<DenseModule>();
        bool isSentenceTransformers = false;
        string modulesPath = System.IO.Path.Combine(directory, "modules.json");
        if (File.Exists(modulesPath))
        {
            isSentenceTransformers = true;
            if (ReadJson(modulesPath) is not JsonArray modules)
            {
                throw new InvalidDataException("modules.json: the top level is not an array.");
            }
            foreach (JsonNode? module in modules)
            {
                string type = module?["type"]?.GetValue<string>() ?? string.Empty;
                string path = module?["path"]?.GetValue<string>() ?? string.Empty;
                if (type.EndsWith("Pooling", StringComparison.Ordinal) && pooling is null)
                {
                    (pooling, includePrompt) = ReadPooling(directory, path);
                }
                else if (type.EndsWith("Dense", StringComparison.Ordinal))
                {
                    dense.Add(ReadDense(directory, path));
                }
                else if (type.EndsWith("Normalize", StringComparison.Ordinal))
                {
                    normalize = true;
                }
            }
        }
        var prompts = new List<KeyValuePair<string, string>>();
        string? defaultPrompt = null;
        string? similarity = null;
        string stConfigPath = System.IO.Path.Combine(directory, "config_sentence_transformers.json");
        if (File.Exists(stConfigPath))
        {
            JsonNode? stConfig = ReadJson(stConfigPath);
            if (stConfig?["prompts"] is JsonObject promptObject)
            {
                foreach (var (name, text) in promptObject)
                {
                    prompts.Add(new(name, text?.GetValue<string>() ?? string.Empty));
                }
            }
            defaultPrompt = stConfig?["default_prompt_name"] is JsonValue d && d.TryGetValue(out string? dp) ? dp : null;
            similarity = stConfig?["similarity_fn_name"] is JsonValue s && s.TryGetValue(out string? sf) ? sf : null;
        }
        return new SentenceTransformersInfo
        {
            Pooling = pooling,
            IncludePrompt = includePrompt,
            Dense = dense,
            Normalize = normalize,
            Prompts = prompts,
            DefaultPrompt = defaultPrompt,
            Similarity = similarity,
            IsSentenceTransformers = isSentenceTransformers,
        };
    }

    private static (string Mode, bool IncludePrompt) ReadPooling(string directory, string path)
    {
        string configPath = System.IO.Path.Combine(directory, path, "config.json");
        JsonNode? config = File.Exists(configPath) ? ReadJson(configPath) : throw new FileNotFoundException($"{path}/config.json: missing (named by modules.json).", configPath);
        bool Flag(string key) => config?[key] is JsonValue v && v.TryGetValue(out bool flag) && flag;
        string? named = config?["pooling_mode"] is JsonValue m && m.TryGetValue(out string? mode) ? mode : null;
        string result = Flag("pooling_mode_mean_tokens") ? "mean"
            : Flag("pooling_mode_cls_token") ? "cls"
            : Flag("pooling_mode_lasttoken") ? "last"
            : named switch
            {
                "mean" => "mean",
                "cls" => "cls",
                "lasttoken" => "last",
                _ => throw new NotSupportedException($"{path}/config.json: only mean, CLS and last-token pooling are supported."),
            };
        bool includePrompt = config?["include_prompt"] is not JsonValue ip || !ip.TryGetValue(out bool include) || include;
        return (result, includePrompt);
    }

    private static DenseModule ReadDense(string directory, string path)
    {
        string configPath = System.IO.Path.Combine(directory, path, "config.json");
        string weights = System.IO.Path.Combine(directory, path, "model.safetensors");
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"{path}/config.json: missing (named by modules.json).", configPath);
        }
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"{path}/model.safetensors: missing (named by modules.json); only safetensors Dense weights are supported.", weights);
        }
        JsonNode? config = ReadJson(configPath);
        int inFeatures = config?["in_features"]?.GetValue<int>() ?? throw new InvalidDataException($"{path}/config.json: no in_features.");
        int outFeatures = config["out_features"]?.GetValue<int>() ?? throw new InvalidDataException($"{path}/config.json: no out_features.");
        bool bias = config["bias"] is not JsonValue b || !b.TryGetValue(out bool hasBias) || hasBias;
        string activation = config["activation_function"]?.GetValue<string>() ?? "torch.nn.modules.activation.Tanh";
        if (!activation.EndsWith("Identity", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"{path}: Dense activation '{activation}' is not supported; llama.cpp applies Dense layers without an activation.");
        }
        return new DenseModule(path, inFeatures, outFeatures, bias, weights);
    }

    private static JsonNode? ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{System.IO.Path.GetFileName(path)}: not valid JSON ({ex.Message.Split('\n')[0]}).", ex);
        }
    }
}

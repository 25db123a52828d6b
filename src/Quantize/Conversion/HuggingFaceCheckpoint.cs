namespace LlamaEmbed.Conversion;

/// <summary>
/// A Hugging Face model folder, located and validated before anything is converted: <c>config.json</c>, the
/// tokenizer files, the sentence-transformers modules and an optional PEFT LoRA adapter. The weights are opened
/// separately (<see cref="TensorStore.OpenFolder"/>) so that discovery costs no mapping.
/// </summary>
public sealed class HuggingFaceCheckpoint
{
    private HuggingFaceCheckpoint(string directory, ModelConfig config, SentenceTransformersInfo sentenceTransformers, string? adapterDirectory)
    {
        Directory = directory;
        Config = config;
        SentenceTransformers = sentenceTransformers;
        AdapterDirectory = adapterDirectory;
        string model = Path.Combine(directory, "tokenizer.model");
        string json = Path.Combine(directory, "tokenizer.json");
        TokenizerModelPath = File.Exists(model) ? model : null;
        TokenizerJsonPath = File.Exists(json) ? json : null;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Directory { get; }

    /// <summary><c>config.json</c>.</summary>
    public ModelConfig Config { get; }

    /// <summary>The SentencePiece <c>tokenizer.model</c>, when present.</summary>
    public string? TokenizerModelPath { get; }

    /// <summary>The Hugging Face <c>tokenizer.json</c>, when present.</summary>
    public string? TokenizerJsonPath { get; }

    /// <summary>The sentence-transformers description (empty when the folder has none).</summary>
    public SentenceTransformersInfo SentenceTransformers { get; }

    /// <summary>The folder holding <c>adapter_config.json</c>, when the model comes with a LoRA adapter.</summary>
    public string? AdapterDirectory { get; }

    /// <summary>
    /// Opens <paramref name="directory"/>. A LoRA adapter is taken from <paramref name="adapterDirectory"/> when
    /// given, else from the folder itself, else from its one immediate subfolder that holds <c>adapter_config.json</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException"><c>config.json</c> or a file a module names is missing.</exception>
    /// <exception cref="InvalidDataException">A JSON file is malformed, or several subfolders hold adapters.</exception>
    public static HuggingFaceCheckpoint Open(string directory, string? adapterDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: no such folder.");
        }
        ModelConfig config = ModelConfig.Load(Path.Combine(directory, "config.json"));
        SentenceTransformersInfo sentenceTransformers = SentenceTransformersInfo.Load(directory);
        return new HuggingFaceCheckpoint(Path.GetFullPath(directory), config, sentenceTransformers, FindAdapter(directory, adapterDirectory));
    }

    private static string? FindAdapter(string directory, string? explicitDirectory)
    {
        if (explicitDirectory is not null)
        {
            return LoraAdapter.Exists(explicitDirectory)
                ? Path.GetFullPath(explicitDirectory)
                : throw new FileNotFoundException($"{explicitDirectory}: no adapter_config.json.", Path.Combine(explicitDirectory, "adapter_config.json"));
        }
        if (LoraAdapter.Exists(directory))
        {
            return Path.GetFullPath(directory);
        }
        string[] candidates = System.IO.Directory.GetDirectories(directory).Where(LoraAdapter.Exists).ToArray();
        return candidates.Length switch
        {
            0 => null,
            1 => Path.GetFullPath(candidates[0]),
            _ => throw new InvalidDataException($"{directory}: several subfolders hold a LoRA adapter ({string.Join(", ", candidates.Select(Path.GetFileName))}); name one with --lora."),
        };
    }
}

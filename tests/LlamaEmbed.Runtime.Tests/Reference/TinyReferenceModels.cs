using LlamaEmbed.Gguf;
using LlamaEmbed.Native.Interop;
using LlamaEmbed.Synthetic;
using LlamaEmbed.Synthetic.Reference;

namespace LlamaEmbed.Tests.Reference;

/// <summary>
/// The tiny F32 synthetic models the proof tests run (E 64, 6 blocks of which block 5 is global, sliding window 8,
/// so texts of 9 tokens and more are past the window), each written once to a temporary folder with its reference.
/// </summary>
public sealed class TinyReferenceModels : IDisposable
{
    /// <summary>gemma-embedding with Dense 64→128→64 (the tiny EmbeddingGemma preset).</summary>
    public const string EmbeddingDense = "gemma-embedding-dense";

    /// <summary>gemma-embedding without Dense layers.</summary>
    public const string Embedding = "gemma-embedding";

    /// <summary>gemma3 as written by default: causal.</summary>
    public const string Gemma3 = "gemma3";

    /// <summary>gemma3 with <c>gemma3.attention.causal = false</c>.</summary>
    public const string Gemma3Bidirectional = "gemma3-bidirectional";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llamaembed-reference-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, Entry> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, LlamaAttentionType, LlamaPoolingType), LlamaCppEmbedder> _embedders = [];

    public TinyReferenceModels()
    {
        Directory.CreateDirectory(_directory);
        Add(EmbeddingDense, SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding, seed: 11));
        Add(Embedding, SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding, seed: 12) with { DenseFeatures = null });
        Add(Gemma3, SyntheticModels.Tiny(SyntheticArchitecture.Gemma3, seed: 13));
        Add(Gemma3Bidirectional, SyntheticModels.Tiny(SyntheticArchitecture.Gemma3, seed: 14) with { Causal = false });
    }

    /// <summary>A written model: its file, what the builder wrote, and the reference read back from the file.</summary>
    public sealed record Entry(string Path, SyntheticModel Model, GemmaReferenceModel Reference, IReadOnlyDictionary<string, float[]> Tensors)
    {
        /// <summary>The reference over the same weights with a changed configuration.</summary>
        public GemmaReferenceModel ReferenceWith(Func<GemmaReferenceConfig, GemmaReferenceConfig> change) =>
            new(change(Reference.Config), Tensors.GetValueOrDefault);
    }

    public Entry this[string name] => _models[name];

    /// <summary>BOS, then random ids of the whole vocabulary, then EOS: <paramref name="length"/> tokens in all (just BOS for 1).</summary>
    public int[] RandomText(string name, int length, int seed)
    {
        SyntheticVocabulary vocabulary = _models[name].Model.Vocabulary;
        var random = new Random(seed);
        var tokens = new int[length];
        for (int i = 0; i < length; i++)
        {
            tokens[i] = random.Next(vocabulary.Count);
        }
        tokens[0] = vocabulary.BosId;
        if (length > 1)
        {
            tokens[^1] = vocabulary.EosId;
        }
        return tokens;
    }

    /// <summary>
    /// A llama.cpp context for the model, created on first use and kept until the fixture is disposed (the test
    /// framework runs one class's tests one at a time, so sharing it is safe).
    /// </summary>
    internal LlamaCppEmbedder LlamaCpp(string name, LlamaAttentionType attention = LlamaAttentionType.Unspecified, LlamaPoolingType pooling = LlamaPoolingType.Mean)
    {
        if (!_embedders.TryGetValue((name, attention, pooling), out LlamaCppEmbedder? embedder))
        {
            embedder = new LlamaCppEmbedder(_models[name].Path, attention, pooling);
            _embedders.Add((name, attention, pooling), embedder);
        }
        return embedder;
    }

    public void Dispose()
    {
        foreach (LlamaCppEmbedder embedder in _embedders.Values)
        {
            embedder.Dispose();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A model file still mapped by a native handle on some platforms; the temp folder is cleaned by the OS.
        }
    }

    private void Add(string name, SyntheticModelSpec spec)
    {
        string path = Path.Combine(_directory, name + ".gguf");
        SyntheticModel model = SyntheticModelBuilder.Write(spec, path);
        using GgufReader reader = GgufReader.Open(path);
        Dictionary<string, float[]> tensors = reader.Tensors.ToDictionary(t => t.Name, reader.ReadTensorAsFloat32, StringComparer.Ordinal);
        var reference = new GemmaReferenceModel(GemmaReferenceConfig.FromGguf(reader.Metadata), tensors.GetValueOrDefault);
        _models[name] = new Entry(path, model, reference, tensors);
    }
}

using LlamaEmbed.Embeddings;
using LlamaEmbed.Gguf;
using LlamaEmbed.Synthetic;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>
/// Tiny synthetic models for the embedding tests, written once into a temporary folder: an EmbeddingGemma-shaped
/// gemma-embedding model (with Dense layers and EmbeddingGemma's metadata), Rank-Embed and Gemma-Embed shaped
/// bidirectional gemma3 models, a plain causal gemma3, a Rank-Embed file whose vocabulary lacks the prefix tokens,
/// and a qwen2 reranker. <see cref="Gemma"/> is one shared loaded model.
/// </summary>
public sealed class EmbeddingModelsFixture : IDisposable
{
    /// <summary>Projection head size of the Gemma-Embed fixture.</summary>
    public const int ProjectionOutputs = 16;

    private readonly string _folder = Directory.CreateTempSubdirectory("llamaembed-embedding-").FullName;

    public EmbeddingModelsFixture()
    {
        GemmaModel = SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding), FilePath("embeddinggemma"));
        RankEmbedModel = SyntheticModelBuilder.Write(
            SyntheticModels.Tiny(SyntheticArchitecture.Gemma3) with
            {
                Name = "rank-embed-tiny",
                Causal = false,
                EmbeddingMetadata = new SyntheticEmbeddingMetadata { Profile = LlamaEmbedKeys.Profiles.RankEmbed, PrefixTokens = true, Pooling = "mean" },
            },
            FilePath("rank-embed"));
        RankEmbedWithoutTokensPath = FilePath("rank-embed-no-tokens");
        SyntheticModelBuilder.Write(
            SyntheticModels.Tiny(SyntheticArchitecture.Gemma3) with
            {
                Causal = false,
                Vocabulary = new SyntheticVocabularyOptions { IncludePrefixTokens = false },
                EmbeddingMetadata = new SyntheticEmbeddingMetadata { Profile = LlamaEmbedKeys.Profiles.RankEmbed, Pooling = "mean" },
            },
            RankEmbedWithoutTokensPath);
        CausalGemma3Path = FilePath("gemma3-causal");
        SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.Gemma3, seed: 5), CausalGemma3Path);
        RerankerPath = FilePath("qwen2-reranker");
        SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.Qwen2), RerankerPath);

        GemmaEmbedPath = FilePath("gemma-embed");
        string source = FilePath("gemma-embed-source");
        SyntheticModelBuilder.Write(
            SyntheticModels.Tiny(SyntheticArchitecture.Gemma3, seed: 7) with
            {
                Causal = false,
                EmbeddingMetadata = new SyntheticEmbeddingMetadata { Profile = LlamaEmbedKeys.Profiles.GemmaEmbed, Pooling = "mean" },
            },
            source);
        var random = new Random(11);
        ProjectionWeight = [.. Enumerable.Range(0, ProjectionOutputs * 64).Select(_ => (float)(random.NextDouble() - 0.5))];
        ProjectionBias = [.. Enumerable.Range(0, ProjectionOutputs).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f)];
        GgufCopy.WithMetadata(source, GemmaEmbedPath, new Dictionary<string, GgufValue>
        {
            [LlamaEmbedKeys.ProjectionWeight] = GgufValue.Array(ProjectionWeight),
            [LlamaEmbedKeys.ProjectionBias] = GgufValue.Array(ProjectionBias),
            [LlamaEmbedKeys.ProjectionShape] = GgufValue.Array(new uint[] { ProjectionOutputs, 64 }),
        });
        GemmaEmbedWithoutHeadPath = source;

        Gemma = EmbeddingModel.Load(GemmaPath, new EmbeddingModelOptions { BatchTokenBudget = 512, Threads = 2 });
    }

    /// <summary>The tiny EmbeddingGemma as written (spec and vocabulary).</summary>
    public SyntheticModel GemmaModel { get; }

    /// <summary>Its file.</summary>
    public string GemmaPath => GemmaModel.Path!;

    /// <summary>The shared loaded EmbeddingGemma: 512 tokens per call, 2 threads, native pooling.</summary>
    public EmbeddingModel Gemma { get; }

    /// <summary>The tiny Rank-Embed (bidirectional gemma3 with the three prefix tokens).</summary>
    public SyntheticModel RankEmbedModel { get; }

    /// <summary>Its file.</summary>
    public string RankEmbedPath => RankEmbedModel.Path!;

    /// <summary>A Rank-Embed-profiled gemma3 whose vocabulary lacks the prefix tokens.</summary>
    public string RankEmbedWithoutTokensPath { get; }

    /// <summary>A plain causal gemma3 without our metadata (generic profile, last-token pooling).</summary>
    public string CausalGemma3Path { get; }

    /// <summary>A Gemma-Embed-profiled gemma3 with a 64→16 projection head in its metadata.</summary>
    public string GemmaEmbedPath { get; }

    /// <summary>The same model without the projection head.</summary>
    public string GemmaEmbedWithoutHeadPath { get; }

    /// <summary>The projection head's weight, row-major [16, 64].</summary>
    public float[] ProjectionWeight { get; }

    /// <summary>The projection head's bias.</summary>
    public float[] ProjectionBias { get; }

    /// <summary>A qwen2 model (what a rank1 reranker looks like).</summary>
    public string RerankerPath { get; }

    /// <summary>A path in the fixture's folder for a test's own file.</summary>
    public string FilePath(string name) => Path.Combine(_folder, name + ".gguf");

    public void Dispose()
    {
        Gemma.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>One <see cref="EmbeddingModelsFixture"/> shared by every embedding test class (the models are written and loaded once).</summary>
[CollectionDefinition(Name)]
public sealed class SharedEmbeddingModels : ICollectionFixture<EmbeddingModelsFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Embedding models";
}

/// <summary>Rewrites a GGUF with extra metadata keys (for keys the synthetic builder does not write).</summary>
internal static class GgufCopy
{
    public static void WithMetadata(string source, string destination, IReadOnlyDictionary<string, GgufValue> extra)
    {
        using GgufReader reader = GgufReader.Open(source);
        using var writer = GgufWriter.Create(destination);
        foreach (var (key, value) in reader.Metadata)
        {
            writer.Metadata.Add(key, value);
        }
        foreach (var (key, value) in extra)
        {
            writer.Metadata.Set(key, value);
        }
        foreach (GgufTensorInfo tensor in reader.Tensors)
        {
            writer.AddTensor(tensor.Name, tensor.Type, [.. tensor.Shape]);
        }
        writer.WriteHeader();
        foreach (GgufTensorInfo tensor in reader.Tensors)
        {
            byte[] data = new byte[tensor.ByteCount];
            reader.ReadTensorData(tensor, data);
            writer.WriteTensorData(data);
        }
        writer.Complete();
    }
}

/// <summary>Vector helpers for assertions.</summary>
internal static class Vectors
{
    public static float Cosine(EmbeddingResult a, EmbeddingResult b) => VectorMath.Cosine(a.Vector.Span, b.Vector.Span);

    public static float Norm(EmbeddingResult a) => MathF.Sqrt(VectorMath.Dot(a.Vector.Span, a.Vector.Span));
}

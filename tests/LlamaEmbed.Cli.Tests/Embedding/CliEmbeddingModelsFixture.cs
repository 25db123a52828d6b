using LlamaEmbed.Embeddings;
using LlamaEmbed.Gguf;
using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Tests.Cli.Embedding;

/// <summary>Tiny synthetic models for the embed and tokenize command tests, written once into a temporary folder.</summary>
public sealed class CliEmbeddingModelsFixture : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llamaembed-cli-embedding-").FullName;

    public CliEmbeddingModelsFixture()
    {
        GemmaModel = SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding), FilePath("embeddinggemma"));
        RankEmbedModel = SyntheticModelBuilder.Write(
            SyntheticModels.Tiny(SyntheticArchitecture.Gemma3) with
            {
                Causal = false,
                EmbeddingMetadata = new SyntheticEmbeddingMetadata { Profile = LlamaEmbedKeys.Profiles.RankEmbed, PrefixTokens = true, Pooling = "mean" },
            },
            FilePath("rank-embed"));
        RerankerPath = FilePath("qwen2-reranker");
        SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.Qwen2), RerankerPath);
        Gemma = EmbeddingModel.Load(GemmaPath, new EmbeddingModelOptions { BatchTokenBudget = 256, Threads = 2 });
    }

    /// <summary>The tiny EmbeddingGemma as written.</summary>
    public SyntheticModel GemmaModel { get; }

    /// <summary>Its file.</summary>
    public string GemmaPath => GemmaModel.Path!;

    /// <summary>The same model loaded, to compare the command's output with.</summary>
    public EmbeddingModel Gemma { get; }

    /// <summary>The tiny Rank-Embed (bidirectional gemma3 with prefix tokens).</summary>
    public SyntheticModel RankEmbedModel { get; }

    /// <summary>Its file.</summary>
    public string RankEmbedPath => RankEmbedModel.Path!;

    /// <summary>A qwen2 model (what a rank1 reranker looks like).</summary>
    public string RerankerPath { get; }

    /// <summary>A path in the fixture's folder.</summary>
    public string FilePath(string name) => Path.Combine(_folder, name + ".gguf");

    public void Dispose()
    {
        Gemma.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

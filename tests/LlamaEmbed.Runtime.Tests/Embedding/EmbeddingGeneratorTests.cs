using LlamaEmbed.Embeddings;
using Microsoft.Extensions.AI;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>The Microsoft.Extensions.AI contract: order, dimensions, usage, metadata, concurrency.</summary>
[Collection(SharedEmbeddingModels.Name)]
public sealed class EmbeddingGeneratorTests(EmbeddingModelsFixture models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Generate_ReturnsOneEmbeddingPerInputInOrder_WithUsage()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = models.Gemma.AsEmbeddingGenerator(EmbeddingPrompt.Query);
        string[] inputs = ["first input", "second", "the third input is longer than the others"];

        GeneratedEmbeddings<Embedding<float>> generated = await generator.GenerateAsync(inputs, cancellationToken: Ct);
        IReadOnlyList<EmbeddingResult> direct = await models.Gemma.EmbedQueriesAsync(inputs, cancellationToken: Ct);

        Assert.Equal(3, generated.Count);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.True(VectorMath.Cosine(generated[i].Vector.Span, direct[i].Vector.Span) > 0.999f);
            Assert.Equal(models.Gemma.Info.Name, generated[i].ModelId);
            Assert.NotNull(generated[i].CreatedAt);
        }
        Assert.NotNull(generated.Usage);
        Assert.Equal(direct.Sum(r => (long)r.TokenCount), generated.Usage.InputTokenCount);
        Assert.Equal(generated.Usage.InputTokenCount, generated.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Generate_HonoursDimensions()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = models.Gemma.AsEmbeddingGenerator();

        GeneratedEmbeddings<Embedding<float>> generated = await generator.GenerateAsync(["a", "b"], new EmbeddingGenerationOptions { Dimensions = 32 }, Ct);

        Assert.All(generated, e => Assert.Equal(32, e.Vector.Length));
        Assert.All(generated, e => Assert.Equal(1f, MathF.Sqrt(VectorMath.Dot(e.Vector.Span, e.Vector.Span)), 1e-4f));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { Dimensions = 65 }, Ct));
    }

    [Fact]
    public async Task GenerateVectorExtension_Works()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = models.Gemma.AsEmbeddingGenerator(EmbeddingPrompt.Named("STS"));

        ReadOnlyMemory<float> vector = await generator.GenerateVectorAsync("one text", cancellationToken: Ct);
        EmbeddingResult direct = await models.Gemma.EmbedAsync("one text", EmbeddingPrompt.Named("STS"), cancellationToken: Ct);

        Assert.True(VectorMath.Cosine(vector.Span, direct.Vector.Span) > 0.999f);
    }

    [Fact]
    public void GetService_ReturnsMetadataAndTheModel()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = models.Gemma.AsEmbeddingGenerator();

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("llamaembed", metadata.ProviderName);
        Assert.Equal(models.Gemma.Info.Name, metadata.DefaultModelId);
        Assert.Equal(64, metadata.DefaultModelDimensions);
        Assert.Same(models.Gemma, generator.GetService<EmbeddingModel>());
        Assert.Same(generator, generator.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("some key"));
        Assert.Null(generator.GetService(typeof(string)));
        Assert.Throws<ArgumentNullException>(() => generator.GetService(null!));
    }

    [Fact]
    public async Task ConcurrentCallers_GetTheirOwnEmbeddings()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = models.Gemma.AsEmbeddingGenerator();
        string[] inputs = [.. Enumerable.Range(0, 24).Select(i => $"input {i} about topic {i % 5}")];
        IReadOnlyList<EmbeddingResult> reference = await models.Gemma.EmbedAsync(inputs, cancellationToken: Ct);

        Embedding<float>[] results = await Task.WhenAll(inputs.Select(async input => (await generator.GenerateAsync([input], cancellationToken: Ct))[0]));

        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.True(VectorMath.Cosine(results[i].Vector.Span, reference[i].Vector.Span) > 0.999f, $"input {i}");
        }
    }

    [Fact]
    public async Task DisposingTheGenerator_DisposesTheModelOnlyWhenItOwnsIt()
    {
        EmbeddingModel model = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { BatchTokenBudget = 128 });
        using (model.AsEmbeddingGenerator())
        {
        }
        Assert.Equal(64, (await model.EmbedAsync("still alive", cancellationToken: Ct)).Dimensions);

        using (model.AsEmbeddingGenerator(disposeModel: true))
        {
        }
        await Assert.ThrowsAsync<ObjectDisposedException>(() => model.EmbedAsync("gone", cancellationToken: Ct));
    }
}

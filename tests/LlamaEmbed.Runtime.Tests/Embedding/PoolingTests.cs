using LlamaEmbed.Embeddings;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>Native (in-graph) and managed pooling agree; prompt exclusion, CLS/last pooling and the projection head.</summary>
[Collection(SharedEmbeddingModels.Name)]
public sealed class PoolingTests(EmbeddingModelsFixture models)
{
    private static readonly string[] s_texts =
    [
        "the quick brown fox jumps over the lazy dog",
        "a",
        "",
        "embedding models turn text into vectors that capture meaning, and mean pooling averages the token states",
    ];

    private static async Task<IReadOnlyList<EmbeddingResult>> Embed(string path, EmbeddingModelOptions options, EmbeddingPrompt? prompt = null, EmbedOptions? embed = null)
    {
        using EmbeddingModel model = EmbeddingModel.Load(path, options with { BatchTokenBudget = 256, Threads = 2 });
        return await model.EmbedAsync(s_texts, prompt, embed, TestContext.Current.CancellationToken);
    }

    private static void AssertAgree(IReadOnlyList<EmbeddingResult> a, IReadOnlyList<EmbeddingResult> b, float minimum = 0.9999f)
    {
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            float cosine = Vectors.Cosine(a[i], b[i]);
            Assert.True(cosine >= minimum, $"text {i}: cosine {cosine}");
        }
    }

    public static TheoryData<string, EmbeddingPooling?> Cases => new()
    {
        { "embeddinggemma", null },
        { "embeddinggemma", EmbeddingPooling.Cls },
        { "embeddinggemma", EmbeddingPooling.Last },
        { "rank-embed", null },
        { "gemma3-causal", null },
        { "gemma3-causal", EmbeddingPooling.Mean },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task NativeAndManagedPooling_Agree(string file, EmbeddingPooling? pooling)
    {
        string path = models.FilePath(file);
        var native = await Embed(path, new EmbeddingModelOptions { Pooling = pooling, PoolingExecution = PoolingExecution.Native }, EmbeddingPrompt.Query);
        var managed = await Embed(path, new EmbeddingModelOptions { Pooling = pooling, PoolingExecution = PoolingExecution.Managed }, EmbeddingPrompt.Query);

        AssertAgree(native, managed);
    }

    [Fact]
    public void CausalGemma3WithoutMetadata_IsGenericWithLastTokenPooling()
    {
        using EmbeddingModel model = EmbeddingModel.Load(models.CausalGemma3Path, new EmbeddingModelOptions { BatchTokenBudget = 128 });

        Assert.Equal(EmbeddingProfileKind.Generic, model.Info.Profile);
        Assert.True(model.Info.CausalAttention);
        Assert.Equal(EmbeddingPooling.Last, model.Info.Pooling);
        Assert.Empty(model.Info.Prompts);
    }

    [Fact]
    public async Task ExcludingThePrompt_UsesManagedPoolingAndChangesTheMean()
    {
        using EmbeddingModel excluded = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { IncludePrompt = false, BatchTokenBudget = 256 });
        Assert.Equal(PoolingExecution.Managed, excluded.Info.PoolingExecution);
        Assert.False(excluded.Info.IncludePrompt);

        EmbeddingResult without = await excluded.EmbedQueryAsync("a short query", cancellationToken: TestContext.Current.CancellationToken);
        EmbeddingResult with = await models.Gemma.EmbedQueryAsync("a short query", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(Vectors.Cosine(without, with) < 0.9999f);
        Assert.Equal(1f, Vectors.Norm(without), 1e-4f);
    }

    [Fact]
    public async Task ExcludingThePrompt_WithoutAPrompt_LeavesOnlyBosOut()
    {
        // Without a prompt only BOS counts as the prompt, as in sentence-transformers (its prompt_length is the BOS).
        using EmbeddingModel excluded = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { IncludePrompt = false, BatchTokenBudget = 256 });
        TokenizedText tokens = excluded.Tokenize("three word text");
        Assert.Equal(1, tokens.PromptTokenCount);

        EmbeddingResult result = await excluded.EmbedAsync("three word text", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(tokens.Count, result.TokenCount);
    }

    [Fact]
    public void NativePooling_CannotExcludeThePrompt()
    {
        var ex = Assert.Throws<ArgumentException>(() => EmbeddingModel.Load(
            models.GemmaPath, new EmbeddingModelOptions { IncludePrompt = false, PoolingExecution = PoolingExecution.Native }));
        Assert.Contains("IncludePrompt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GemmaEmbed_AppliesTheProjectionHeadAfterPoolingThenNormalizes()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using EmbeddingModel projected = EmbeddingModel.Load(models.GemmaEmbedPath, new EmbeddingModelOptions { BatchTokenBudget = 256 });
        using EmbeddingModel raw = EmbeddingModel.Load(models.GemmaEmbedWithoutHeadPath, new EmbeddingModelOptions { Profile = EmbeddingProfileKind.Generic, Pooling = EmbeddingPooling.Mean, BatchTokenBudget = 256 });
        Assert.Equal(EmbeddingProfileKind.GemmaEmbed, projected.Info.Profile);
        Assert.Equal(EmbeddingModelsFixture.ProjectionOutputs, projected.Info.Dimensions);

        EmbeddingResult actual = await projected.EmbedAsync("project me", cancellationToken: ct);
        EmbeddingResult pooled = await raw.EmbedAsync("project me", options: new EmbedOptions { Normalize = false }, cancellationToken: ct);

        float[] expected = new float[EmbeddingModelsFixture.ProjectionOutputs];
        for (int o = 0; o < expected.Length; o++)
        {
            expected[o] = VectorMath.Dot(models.ProjectionWeight.AsSpan(o * 64, 64), pooled.Vector.Span) + models.ProjectionBias[o];
        }
        VectorMath.Normalize(expected);
        Assert.True(VectorMath.Cosine(expected, actual.Vector.Span) > 0.9999f);
        Assert.Equal(1f, Vectors.Norm(actual), 1e-4f);
    }

    [Fact]
    public void GemmaEmbedWithoutItsHead_FailsToLoad()
    {
        var ex = Assert.Throws<LlamaModelLoadException>(() => EmbeddingModel.Load(models.GemmaEmbedWithoutHeadPath));
        Assert.Contains("projection head", ex.Message, StringComparison.Ordinal);
    }
}

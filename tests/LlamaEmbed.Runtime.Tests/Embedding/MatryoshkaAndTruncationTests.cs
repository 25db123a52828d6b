using LlamaEmbed.Embeddings;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>Matryoshka dimensions, normalization switches and truncation to the model's limit.</summary>
[Collection(SharedEmbeddingModels.Name)]
public sealed class MatryoshkaAndTruncationTests(EmbeddingModelsFixture models)
{
    private static readonly string s_longText = string.Join(' ', Enumerable.Repeat("the river flows past seven green stones", 40));

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(63)]
    [InlineData(64)]
    public async Task Dimensions_TruncateTheVectorAndRenormalize(int dimensions)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        EmbeddingResult full = await models.Gemma.EmbedQueryAsync("matryoshka dolls", cancellationToken: ct);
        EmbeddingResult cut = await models.Gemma.EmbedQueryAsync("matryoshka dolls", new EmbedOptions { Dimensions = dimensions }, ct);

        Assert.Equal(dimensions, cut.Dimensions);
        Assert.Equal(1f, Vectors.Norm(cut), 1e-4f);
        float[] expected = full.Vector.Span[..dimensions].ToArray();
        VectorMath.Normalize(expected);
        Assert.True(VectorMath.Cosine(expected, cut.Vector.Span) > 0.99999f || dimensions == 1);
        Assert.Equal(MathF.Sign(expected[0]), MathF.Sign(cut.Vector.Span[0]));
    }

    [Fact]
    public void Info_ListsTheMatryoshkaSizesFromTheFile()
    {
        Assert.Equal([64], models.Gemma.Info.MatryoshkaDimensions);
    }

    [Fact]
    public async Task NormalizeOff_ReturnsTheRawPooledVector()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        EmbeddingResult normalized = await models.Gemma.EmbedQueryAsync("raw vector", cancellationToken: ct);
        EmbeddingResult raw = await models.Gemma.EmbedQueryAsync("raw vector", new EmbedOptions { Normalize = false }, ct);
        EmbeddingResult rawCut = await models.Gemma.EmbedQueryAsync("raw vector", new EmbedOptions { Normalize = false, Dimensions = 8 }, ct);

        Assert.True(Math.Abs(Vectors.Norm(raw) - 1f) > 1e-3f);
        Assert.True(Vectors.Cosine(raw, normalized) > 0.9999f);
        Assert.Equal(raw.Vector.Span[..8].ToArray(), rawCut.Vector.ToArray());
    }

    [Fact]
    public async Task LongText_IsTruncatedToTheLimit_KeepingBosPromptAndEos()
    {
        using EmbeddingModel model = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { ContextSize = 32, BatchTokenBudget = 128 });
        Assert.Equal(32, model.Info.MaxTokens);

        TokenizedText tokens = model.Tokenize(s_longText, EmbeddingPrompt.Query);
        TokenizedText prompt = model.Tokenize("", EmbeddingPrompt.Query);
        EmbeddingResult result = await model.EmbedQueryAsync(s_longText, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(tokens.Truncated);
        Assert.Equal(32, tokens.Count);
        Assert.Equal(models.GemmaModel.Vocabulary.BosId, tokens.Ids[0]);
        Assert.Equal(models.GemmaModel.Vocabulary.EosId, tokens.Ids[^1]);
        Assert.Equal(prompt.Ids.Take(prompt.Count - 2), tokens.Ids.Take(prompt.Count - 2));
        Assert.True(result.Truncated);
        Assert.Equal(32, result.TokenCount);
    }

    [Fact]
    public async Task LongText_WithTruncationOff_FailsWithItsTokenCountAndTheLimit()
    {
        using EmbeddingModel model = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { ContextSize = 32, BatchTokenBudget = 128 });
        string[] texts = ["short", s_longText];

        var ex = await Assert.ThrowsAsync<TextTooLongException>(() =>
            model.EmbedAsync(texts, options: new EmbedOptions { Truncate = false }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, ex.TextIndex);
        Assert.Equal(32, ex.MaxTokens);
        Assert.Equal(32, model.Tokenize(s_longText, truncate: true).Count);
        Assert.True(ex.TokenCount > 32);
        Assert.Contains($"{ex.TokenCount} tokens", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at most 32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultLimit_IsTheTrainingContextCappedByTheTokensPerCall()
    {
        using EmbeddingModel model = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { BatchTokenBudget = 2048 });

        Assert.Equal(512, model.Info.TrainingContextLength);
        Assert.Equal(512, model.Info.MaxTokens);
        Assert.Equal(2048, model.Info.TokensPerCall);
        Assert.Equal(256, model.Info.SequencesPerCall);
    }

    [Fact]
    public void ContextSizeAboveTheTrainingContext_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { ContextSize = 4096 }));
    }
}

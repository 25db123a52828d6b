using LlamaEmbed.Embeddings;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>Every bad input fails with a typed exception in managed code, before llama.cpp could crash.</summary>
[Collection(SharedEmbeddingModels.Name)]
public sealed class BadInputTests(EmbeddingModelsFixture models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EmptyList_Throws()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => models.Gemma.EmbedAsync(Array.Empty<string>(), cancellationToken: Ct));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => models.Gemma.EmbedQueriesAsync([], cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => models.Gemma.EmbedDocumentsAsync([], cancellationToken: Ct));
    }

    [Fact]
    public async Task NullListOrText_ThrowsArgumentNull()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => models.Gemma.EmbedAsync((IEnumerable<string>)null!, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => models.Gemma.EmbedQueryAsync(null!, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => models.Gemma.EmbedDocumentAsync(null!, cancellationToken: Ct));
        Assert.Throws<ArgumentNullException>(() => models.Gemma.Tokenize(null!));
        var ex = await Assert.ThrowsAsync<ArgumentNullException>(() => models.Gemma.EmbedAsync(["ok", null!], cancellationToken: Ct));
        Assert.Contains("Text 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyString_IsEmbeddedAsBosPromptEos()
    {
        EmbeddingResult result = await models.Gemma.EmbedQueryAsync("", cancellationToken: Ct);
        Assert.Equal(models.Gemma.Tokenize("", EmbeddingPrompt.Query).Count, result.TokenCount);
        Assert.Equal(1f, Vectors.Norm(result), 1e-4f);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 0)]
    [InlineData(2, 3)]
    public async Task LoneSurrogates_ThrowNamingTheTextAndCharacter(int sample, int at)
    {
        string bad = sample switch
        {
            0 => "abc" + '\uD800' + "def",
            1 => '\uDC00'.ToString(),
            _ => "ok " + '\uD83D',
        };
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => models.Gemma.EmbedAsync(["fine", "also fine", bad], cancellationToken: Ct));
        Assert.Contains("Text 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"character {at}", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => models.Gemma.Tokenize(bad));
    }

    [Fact]
    public async Task ValidSurrogatePairs_AreFine()
    {
        EmbeddingResult result = await models.Gemma.EmbedQueryAsync("emoji \uD83D\uDE00 ok", cancellationToken: Ct);
        Assert.Equal(64, result.Dimensions);
    }

    [Fact]
    public async Task Titles_MustMatchTheTextsAndBeWellFormed()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => models.Gemma.EmbedDocumentsAsync(["a", "b"], ["only one"], cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => models.Gemma.EmbedDocumentsAsync(["a"], ["bad \uD800"], cancellationToken: Ct));
        Assert.Throws<ArgumentException>(() => EmbeddingPrompt.DocumentWithTitle("bad \uDFFF"));
        Assert.Throws<ArgumentException>(() => EmbeddingPrompt.Literal("bad \uD800"));
        Assert.Throws<ArgumentException>(() => EmbeddingPrompt.Named(" "));
    }

    [Fact]
    public async Task UnknownPrompt_ThrowsWithTheKnownNames()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => models.Gemma.EmbedAsync(["x"], EmbeddingPrompt.Named("nope"), cancellationToken: Ct));
        Assert.Contains("query, document, BitextMining", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(65)]
    public async Task DimensionsOutOfRange_Throw(int dimensions)
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            models.Gemma.EmbedQueryAsync("x", new EmbedOptions { Dimensions = dimensions }, Ct));
        Assert.Contains("1 to 64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RerankerGguf_IsRefusedWithAPointerToTheReranker()
    {
        var ex = Assert.Throws<LlamaModelLoadException>(() => EmbeddingModel.Load(models.RerankerPath));
        Assert.Contains("reranker", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Reranking", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileOrDirectory_ThrowTypedExceptions()
    {
        Assert.Throws<FileNotFoundException>(() => EmbeddingModel.Load(models.FilePath("does-not-exist")));
        Assert.Throws<LlamaModelLoadException>(() => EmbeddingModel.Load(Path.GetDirectoryName(models.GemmaPath)!));
        Assert.Throws<ArgumentException>(() => EmbeddingModel.Load(""));
    }

    [Fact]
    public void NotAGguf_ThrowsInvalidData()
    {
        string path = models.FilePath("junk");
        File.WriteAllText(path, "this is not a model");
        Assert.Throws<InvalidDataException>(() => EmbeddingModel.Load(path));
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(1, 0, null)]
    [InlineData(1, null, 4)]
    public void BadOptions_Throw(int contexts, int? threads, int? budget)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingModel.Load(
            models.GemmaPath, new EmbeddingModelOptions { ContextCount = contexts, Threads = threads, BatchTokenBudget = budget }));
    }

    [Fact]
    public async Task UseAfterDispose_ThrowsObjectDisposed()
    {
        EmbeddingModel model = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { BatchTokenBudget = 128 });
        await model.DisposeAsync();
        model.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => model.EmbedQueryAsync("x", cancellationToken: Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => model.EmbedAsync(["x"], cancellationToken: Ct));
        Assert.Throws<ObjectDisposedException>(() => model.Tokenize("x"));
        Assert.Throws<ObjectDisposedException>(() => model.AsEmbeddingGenerator());
        Assert.Equal(64, model.Info.Dimensions);
    }

    [Fact]
    public async Task DisposingWhileWorkIsQueued_FailsThePendingCallsWithObjectDisposed()
    {
        EmbeddingModel model = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { BatchTokenBudget = 64, Threads = 1 });
        string[] texts = [.. Enumerable.Range(0, 400).Select(i => $"text number {i} with a few words")];
        Task<IReadOnlyList<EmbeddingResult>> pending = model.EmbedAsync(texts, cancellationToken: Ct);

        model.Dispose();

        try
        {
            Assert.Equal(400, (await pending).Count);
        }
        catch (ObjectDisposedException)
        {
            // Expected unless every text finished before the dispose.
        }
    }
}

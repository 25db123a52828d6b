using LlamaEmbed.Embeddings;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>Packing texts into shared calls, call limits, concurrent callers and output order.</summary>
[Collection(SharedEmbeddingModels.Name)]
public sealed class BatchingTests(EmbeddingModelsFixture models)
{
    private static string[] Texts(int count, int seed)
    {
        string[] words = ["alpha", "beta", "gamma", "delta", "river", "stone", "light", "cloud", "seven", "green", "quiet", "storm"];
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(1, 14)).Select(_ => words[random.Next(words.Length)])))];
    }

    [Fact]
    public async Task BatchedResults_EqualOneAtATime()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string[] texts = Texts(24, seed: 1);

        IReadOnlyList<EmbeddingResult> batched = await models.Gemma.EmbedDocumentsAsync(texts, cancellationToken: ct);
        for (int i = 0; i < texts.Length; i++)
        {
            EmbeddingResult single = await models.Gemma.EmbedDocumentAsync(texts[i], cancellationToken: ct);
            Assert.True(Vectors.Cosine(single, batched[i]) >= 0.999f, $"text {i}");
            Assert.Equal(single.TokenCount, batched[i].TokenCount);
        }
    }

    [Fact]
    public async Task BatchedResults_EqualOneAtATime_OnAKvCacheModel()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using EmbeddingModel model = EmbeddingModel.Load(models.RankEmbedPath, new EmbeddingModelOptions { BatchTokenBudget = 512 });
        string[] texts = Texts(12, seed: 2);

        IReadOnlyList<EmbeddingResult> batched = await model.EmbedQueriesAsync(texts, cancellationToken: ct);
        for (int i = 0; i < texts.Length; i++)
        {
            EmbeddingResult single = await model.EmbedQueryAsync(texts[i], cancellationToken: ct);
            Assert.True(Vectors.Cosine(single, batched[i]) >= 0.999f, $"text {i}");
        }
    }

    [Fact]
    public async Task ManyShortTexts_GoIntoOneDecodeCall()
    {
        using EmbeddingModel model = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { BatchTokenBudget = 512 });
        string[] texts = Texts(16, seed: 3);
        int tokens = texts.Sum(t => model.Tokenize(t).Count);
        Assert.True(tokens <= 512);

        await model.EmbedAsync(texts, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, model.DecodeCalls);
        Assert.Equal(tokens, model.DecodedTokens);
    }

    [Fact]
    public async Task CallsRespectTheTokenAndSequenceLimits_AndResultsDoNotDependOnThem()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using EmbeddingModel small = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { BatchTokenBudget = 40 });
        Assert.Equal(40, small.Info.TokensPerCall);
        Assert.Equal(0, 40 % small.Info.SequencesPerCall);
        Assert.Equal(40, small.Info.MaxTokens);
        string[] texts = Texts(30, seed: 4);
        int tokens = texts.Sum(t => small.Tokenize(t).Count);

        IReadOnlyList<EmbeddingResult> fromSmall = await small.EmbedAsync(texts, cancellationToken: ct);
        IReadOnlyList<EmbeddingResult> fromLarge = await models.Gemma.EmbedAsync(texts, cancellationToken: ct);

        Assert.True(small.DecodeCalls >= (tokens + 39) / 40);
        Assert.Equal(tokens, small.DecodedTokens);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.True(Vectors.Cosine(fromSmall[i], fromLarge[i]) >= 0.999f, $"text {i}");
        }
    }

    [Fact]
    public async Task ConcurrentCallers_EachGetTheirOwnTextsVectors()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using EmbeddingModel model = EmbeddingModel.Load(models.GemmaPath, new EmbeddingModelOptions { BatchTokenBudget = 256, ContextCount = 2, Threads = 1 });
        string[][] requests = [.. Enumerable.Range(0, 40).Select(i => Texts(1 + (i % 4), seed: 100 + i))];
        var reference = new List<IReadOnlyList<EmbeddingResult>>();
        foreach (string[] texts in requests)
        {
            reference.Add(await models.Gemma.EmbedAsync(texts, cancellationToken: ct));
        }

        IReadOnlyList<EmbeddingResult>[] concurrent = await Task.WhenAll(requests.Select(texts => Task.Run(() => model.EmbedAsync(texts, cancellationToken: ct), ct)));

        for (int r = 0; r < requests.Length; r++)
        {
            Assert.Equal(requests[r].Length, concurrent[r].Count);
            for (int i = 0; i < requests[r].Length; i++)
            {
                Assert.True(Vectors.Cosine(reference[r][i], concurrent[r][i]) >= 0.999f, $"request {r} text {i}");
            }
        }
        Assert.True(model.DecodeCalls < requests.Sum(r => r.Length), "concurrent texts should share calls");
    }

    [Fact]
    public async Task CancelledCall_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => models.Gemma.EmbedAsync(Texts(4, seed: 5), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task CancellingOneCaller_DoesNotDisturbOthers()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var cts = new CancellationTokenSource();
        Task<IReadOnlyList<EmbeddingResult>> cancelled = models.Gemma.EmbedAsync(Texts(200, seed: 6), cancellationToken: cts.Token);
        Task<IReadOnlyList<EmbeddingResult>> kept = models.Gemma.EmbedAsync(Texts(5, seed: 7), cancellationToken: ct);
        await cts.CancelAsync();

        Assert.Equal(5, (await kept).Count);
        try
        {
            Assert.Equal(200, (await cancelled).Count);
        }
        catch (OperationCanceledException)
        {
            // Either it finished before the cancellation or it was cancelled; both are fine.
        }
    }
}

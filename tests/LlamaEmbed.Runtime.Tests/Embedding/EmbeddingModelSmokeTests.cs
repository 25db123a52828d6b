using LlamaEmbed.Embeddings;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>Loading, model info and the basic embedding calls on the tiny EmbeddingGemma.</summary>
[Collection(SharedEmbeddingModels.Name)]
public sealed class EmbeddingModelSmokeTests(EmbeddingModelsFixture models)
{
    [Fact]
    public void Info_DescribesTheModelFromItsFile()
    {
        EmbeddingModelInfo info = models.Gemma.Info;

        Assert.Equal("gemma-embedding", info.Architecture);
        Assert.Equal(EmbeddingProfileKind.EmbeddingGemma, info.Profile);
        Assert.Equal(64, info.Dimensions);
        Assert.Equal(EmbeddingPooling.Mean, info.Pooling);
        Assert.True(info.Normalize);
        Assert.False(info.CausalAttention);
        Assert.Equal(512, info.TokensPerCall);
        Assert.Equal(0, info.TokensPerCall % info.SequencesPerCall);
        Assert.Equal(512, info.MaxTokens);
        Assert.Equal(PoolingExecution.Native, info.PoolingExecution);
        Assert.Equal("task: search result | query: ", info.Prompts["query"]);
        Assert.Equal("title: none | text: ", info.Prompts["document"]);
        Assert.Equal("query", info.QueryPromptName);
        Assert.Equal("document", info.DocumentPromptName);
        Assert.Null(info.DefaultPromptName);
    }

    [Fact]
    public void Info_HasEveryTaskPromptFromTheModelCards()
    {
        string[] expected =
        [
            "query", "document", "BitextMining", "Clustering", "Classification", "InstructionRetrieval", "MultilabelClassification",
            "PairClassification", "Reranking", "Retrieval-query", "Retrieval-document", "STS", "Summarization",
            "QuestionAnswering", "FactChecking", "CodeRetrieval",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), models.Gemma.Info.Prompts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("task: code retrieval | query: ", models.Gemma.Info.Prompts["InstructionRetrieval"]);
        Assert.Equal("task: fact checking | query: ", models.Gemma.Info.Prompts["FactChecking"]);
        Assert.Equal("task: summarization | query: ", models.Gemma.Info.Prompts["Summarization"]);
    }

    [Fact]
    public async Task EmbedQueries_ReturnsNormalizedVectorsInInputOrder()
    {
        string[] texts = ["the cat sat", "a dog ran", "the cat sat"];

        IReadOnlyList<EmbeddingResult> results = await models.Gemma.EmbedQueriesAsync(texts, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(64, r.Dimensions));
        Assert.All(results, r => Assert.Equal(1f, Vectors.Norm(r), 1e-4f));
        Assert.All(results, r => Assert.False(r.Truncated));
        Assert.True(Vectors.Cosine(results[0], results[2]) > 0.9999f);
        Assert.True(Vectors.Cosine(results[0], results[1]) < 0.9999f);
        Assert.Equal(models.Gemma.Tokenize(texts[0], EmbeddingPrompt.Query).Count, results[0].TokenCount);
    }

    [Fact]
    public async Task SingleTextOverloads_EqualTheBatchCalls()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        EmbeddingResult query = await models.Gemma.EmbedQueryAsync("hello world", cancellationToken: ct);
        EmbeddingResult document = await models.Gemma.EmbedDocumentAsync("hello world", "Greeting", cancellationToken: ct);
        EmbeddingResult sts = await models.Gemma.EmbedAsync("hello world", EmbeddingPrompt.Named("STS"), cancellationToken: ct);
        IReadOnlyList<EmbeddingResult> documents = await models.Gemma.EmbedDocumentsAsync(["hello world"], ["Greeting"], cancellationToken: ct);

        Assert.True(Vectors.Cosine(document, documents[0]) > 0.999f);
        Assert.True(Vectors.Cosine(query, document) < 0.9999f);
        Assert.True(Vectors.Cosine(query, sts) < 0.9999f);
    }
}

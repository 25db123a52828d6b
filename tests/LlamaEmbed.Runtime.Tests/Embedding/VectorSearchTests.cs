using LlamaEmbed.Embeddings;
using Xunit;

namespace LlamaEmbed.Tests.Embedding;

/// <summary>Cosine, dot, top-k and the semantic index.</summary>
[Collection(SharedEmbeddingModels.Name)]
public sealed class VectorSearchTests(EmbeddingModelsFixture models)
{
    [Fact]
    public void CosineAndDot_AreTheTextbookValues()
    {
        float[] a = [1, 0, 0];
        float[] b = [1, 1, 0];
        Assert.Equal(1f, VectorMath.Dot(a, b));
        Assert.Equal(1f / MathF.Sqrt(2), VectorMath.Cosine(a, b), 1e-6f);
        Assert.Equal(0f, VectorMath.Cosine(a, [0, 0, 0]));
        Assert.Throws<ArgumentException>(() => VectorMath.Dot(a, [1, 2]));
        Assert.Throws<ArgumentException>(() => VectorMath.Cosine(a, [1, 2]));
    }

    [Fact]
    public void TopK_ReturnsTheBestFirst_TiesToTheLowerIndex()
    {
        ReadOnlyMemory<float>[] documents = [new float[] { 0, 1 }, new float[] { 1, 0 }, new float[] { 1, 1 }, new float[] { 2, 0 }];

        IReadOnlyList<SearchHit> cosine = VectorMath.TopK([1, 0], documents, k: 3);
        IReadOnlyList<SearchHit> dot = VectorMath.TopK([1, 0], documents, k: 2, SimilarityMetric.Dot);
        IReadOnlyList<SearchHit> all = VectorMath.TopK([1, 0], documents, k: 10);

        Assert.Equal([1, 3, 2], cosine.Select(h => h.Index));
        Assert.Equal([3, 1], dot.Select(h => h.Index));
        Assert.Equal(4, all.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorMath.TopK([1, 0], documents, k: 0));
    }

    [Fact]
    public void TopK_OverAMatrix_MatchesTheListForm()
    {
        float[] matrix = [0, 1, 1, 0, 1, 1];
        IReadOnlyList<SearchHit> hits = VectorMath.TopK([1f, 0.1f], matrix, k: 2);
        Assert.Equal([1, 2], hits.Select(h => h.Index));
        Assert.Throws<ArgumentException>(() => VectorMath.TopK([1f, 0f, 0f, 0f], matrix, k: 1));
    }

    [Fact]
    public async Task SemanticSearch_FindsTheDocumentThatWasEmbedded()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string[] documents = ["red planet mars", "blue ocean water", "green forest trees", "white snow mountain"];
        var index = new SemanticIndex(models.Gemma.Info.Dimensions);
        index.AddRange(await models.Gemma.EmbedAsync(documents, cancellationToken: ct));

        IReadOnlyList<EmbeddingResult> queries = await models.Gemma.EmbedAsync(documents, cancellationToken: ct);
        IReadOnlyList<IReadOnlyList<SearchHit>> batch = VectorMath.TopK([.. queries.Select(q => q.Vector)], [.. (await models.Gemma.EmbedAsync(documents, cancellationToken: ct)).Select(d => d.Vector)], k: 1);

        Assert.Equal(4, index.Count);
        for (int i = 0; i < documents.Length; i++)
        {
            IReadOnlyList<SearchHit> hits = index.Search(queries[i].Vector.Span, k: 2);
            Assert.Equal(i, hits[0].Index);
            Assert.True(hits[0].Score > 0.999f);
            Assert.True(hits[0].Score >= hits[1].Score);
            Assert.Equal(i, batch[i][0].Index);
        }
        Assert.Throws<ArgumentException>(() => index.Add(new float[3]));
        Assert.Throws<ArgumentException>(() => index.Search(new float[3], 1));
    }
}

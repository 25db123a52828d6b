using System.Numerics.Tensors;

namespace LlamaEmbed.Embeddings;

/// <summary>Similarity and search over embedding vectors: cosine, dot product, L2 normalization and top-k.</summary>
/// <remarks>
/// <code>
/// var q = await model.EmbedQueryAsync("what is dense retrieval?");
/// var docs = await model.EmbedDocumentsAsync(passages);
/// IReadOnlyList&lt;SearchHit&gt; best = VectorMath.TopK(q.Vector.Span, docs.Select(d => d.Vector).ToList(), k: 3);
/// </code>
/// Results are computed in single precision with SIMD (<c>TensorPrimitives</c>); exact values may differ in the
/// last bits between processors.
/// </remarks>
public static class VectorMath
{
    /// <summary>The dot product of two vectors of the same length (equal to the cosine for L2-normalized vectors).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ThrowIfLengthsDiffer(x, y);
        return TensorPrimitives.Dot(x, y);
    }

    /// <summary>The cosine similarity of two vectors of the same length, in [-1, 1]; 0 when either is all zeros.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static float Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ThrowIfLengthsDiffer(x, y);
        if (x.IsEmpty)
        {
            throw new ArgumentException("Vectors must not be empty.", nameof(x));
        }
        float nx = TensorPrimitives.Norm(x);
        float ny = TensorPrimitives.Norm(y);
        return nx == 0 || ny == 0 ? 0f : TensorPrimitives.Dot(x, y) / (nx * ny);
    }

    /// <summary>Scales <paramref name="vector"/> in place to unit L2 norm; an all-zero vector stays zero.</summary>
    public static void Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>The <paramref name="k"/> documents most similar to <paramref name="query"/>, best first.</summary>
    /// <param name="query">The query vector.</param>
    /// <param name="documents">The document vectors, each as long as the query.</param>
    /// <param name="k">How many hits to return (fewer when there are fewer documents).</param>
    /// <param name="metric">Cosine (the default) or dot product.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">A document's length differs from the query's.</exception>
    public static IReadOnlyList<SearchHit> TopK(
        ReadOnlySpan<float> query, IReadOnlyList<ReadOnlyMemory<float>> documents, int k, SimilarityMetric metric = SimilarityMetric.Cosine)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var best = new TopKCollector(k);
        for (int i = 0; i < documents.Count; i++)
        {
            ReadOnlySpan<float> document = documents[i].Span;
            best.Offer(i, metric == SimilarityMetric.Cosine ? Cosine(query, document) : Dot(query, document));
        }
        return best.Results();
    }

    /// <summary>
    /// Top-k for a query against a row-major document matrix (<paramref name="documents"/> holds
    /// <c>documents.Length / query.Length</c> rows of <c>query.Length</c> floats).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The query is empty or the matrix is not a whole number of rows.</exception>
    public static IReadOnlyList<SearchHit> TopK(
        ReadOnlySpan<float> query, ReadOnlySpan<float> documents, int k, SimilarityMetric metric = SimilarityMetric.Cosine)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int d = query.Length;
        if (d == 0 || documents.Length % d != 0)
        {
            throw new ArgumentException($"The document matrix ({documents.Length} floats) must be a whole number of rows of the query's {d} floats.", nameof(documents));
        }
        var best = new TopKCollector(k);
        for (int i = 0, rows = documents.Length / d; i < rows; i++)
        {
            ReadOnlySpan<float> document = documents.Slice(i * d, d);
            best.Offer(i, metric == SimilarityMetric.Cosine ? Cosine(query, document) : TensorPrimitives.Dot(query, document));
        }
        return best.Results();
    }

    /// <summary>Top-k for each of several queries: one hit list per query, in query order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">A vector's length differs from the others.</exception>
    public static IReadOnlyList<IReadOnlyList<SearchHit>> TopK(
        IReadOnlyList<ReadOnlyMemory<float>> queries, IReadOnlyList<ReadOnlyMemory<float>> documents, int k, SimilarityMetric metric = SimilarityMetric.Cosine)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return [.. queries.Select(q => TopK(q.Span, documents, k, metric))];
    }

    private static void ThrowIfLengthsDiffer(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Vectors must have the same length ({x.Length} ≠ {y.Length}).", nameof(y));
        }
    }
}

using System.Numerics.Tensors;

namespace LlamaEmbed.Embeddings;

/// <summary>
/// An in-memory vector index: document vectors in one contiguous row-major matrix, exact top-k search by cosine or
/// dot product. Thread-safe: searches run concurrently; adds take a lock.
/// </summary>
/// <remarks>
/// <code>
/// var index = new SemanticIndex(model.Info.Dimensions);
/// index.AddRange(await model.EmbedDocumentsAsync(passages));
/// foreach (SearchHit hit in index.Search((await model.EmbedQueryAsync("question")).Vector.Span, k: 5)) { … }
/// </code>
/// With <see cref="SimilarityMetric.Cosine"/> the index stores normalized copies, so a search is one dot product
/// per document. Brute force is exact and fast up to about a million vectors on one core.
/// </remarks>
public sealed class SemanticIndex
{
    private readonly Lock _gate = new();
    private float[] _rows = [];
    private int _count;

    /// <summary>Creates an empty index for vectors of <paramref name="dimensions"/> floats.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is less than 1.</exception>
    public SemanticIndex(int dimensions, SimilarityMetric metric = SimilarityMetric.Cosine)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Dimensions = dimensions;
        Metric = metric;
    }

    /// <summary>The vector length.</summary>
    public int Dimensions { get; }

    /// <summary>How vectors are compared.</summary>
    public SimilarityMetric Metric { get; }

    /// <summary>The number of vectors added.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds a vector and returns its index.</summary>
    /// <exception cref="ArgumentException">The vector's length is not <see cref="Dimensions"/>.</exception>
    public int Add(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} floats; the index holds {Dimensions}.", nameof(vector));
        }
        lock (_gate)
        {
            if ((long)(_count + 1) * Dimensions > _rows.Length)
            {
                float[] grown = new float[Math.Max(Dimensions * 16, _rows.Length * 2)];
                _rows.CopyTo(grown, 0);
                _rows = grown;
            }
            Span<float> row = _rows.AsSpan(_count * Dimensions, Dimensions);
            vector.CopyTo(row);
            if (Metric == SimilarityMetric.Cosine)
            {
                VectorMath.Normalize(row);
            }
            int index = _count;
            Volatile.Write(ref _count, index + 1);
            return index;
        }
    }

    /// <summary>Adds every result's vector, in order; returns the index of the first.</summary>
    /// <exception cref="ArgumentException">A vector's length is not <see cref="Dimensions"/>.</exception>
    public int AddRange(IEnumerable<EmbeddingResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        int first = Count;
        foreach (EmbeddingResult result in results)
        {
            Add(result.Vector.Span);
        }
        return first;
    }

    /// <summary>The <paramref name="k"/> vectors most similar to <paramref name="query"/>, best first.</summary>
    /// <exception cref="ArgumentException">The query's length is not <see cref="Dimensions"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} floats; the index holds {Dimensions}.", nameof(query));
        }
        float[] rows;
        int count;
        lock (_gate)
        {
            rows = _rows;
            count = _count;
        }
        ReadOnlySpan<float> q = query;
        if (Metric == SimilarityMetric.Cosine)
        {
            float[] normalized = query.ToArray();
            VectorMath.Normalize(normalized);
            q = normalized;
        }
        var best = new TopKCollector(k);
        for (int i = 0; i < count; i++)
        {
            best.Offer(i, TensorPrimitives.Dot(q, rows.AsSpan(i * Dimensions, Dimensions)));
        }
        return best.Results();
    }
}

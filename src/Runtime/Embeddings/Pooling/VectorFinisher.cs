namespace LlamaEmbed.Embeddings.Pooling;

/// <summary>
/// Turns a pooled vector into the result vector: projection head (if any), Matryoshka truncation, then L2
/// normalization. Truncating before normalizing equals sentence-transformers' normalize-then-truncate-then-renormalize,
/// because scaling does not change a normalized result.
/// </summary>
internal sealed class VectorFinisher
{
    private readonly ProjectionHead? _projection;

    /// <summary>Creates the finisher for pooled vectors of <paramref name="pooledDimensions"/> floats.</summary>
    public VectorFinisher(int pooledDimensions, ProjectionHead? projection)
    {
        _projection = projection;
        PooledDimensions = pooledDimensions;
        Dimensions = projection?.Outputs ?? pooledDimensions;
    }

    /// <summary>The size llama.cpp returns.</summary>
    public int PooledDimensions { get; }

    /// <summary>The model's full output size.</summary>
    public int Dimensions { get; }

    /// <summary>Builds the result vector.</summary>
    /// <param name="pooled">The pooled vector (<see cref="PooledDimensions"/> floats).</param>
    /// <param name="dimensions">The output size, 1 to <see cref="Dimensions"/>.</param>
    /// <param name="normalize">Whether to L2-normalize.</param>
    public float[] Finish(ReadOnlySpan<float> pooled, int dimensions, bool normalize)
    {
        float[] full;
        if (_projection is null)
        {
            full = pooled[..dimensions].ToArray();
        }
        else
        {
            full = new float[_projection.Outputs];
            _projection.Apply(pooled, full);
            if (dimensions < full.Length)
            {
                full = full[..dimensions];
            }
        }
        if (normalize)
        {
            VectorMath.Normalize(full);
        }
        return full;
    }
}

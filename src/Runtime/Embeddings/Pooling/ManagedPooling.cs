using System.Numerics.Tensors;

namespace LlamaEmbed.Embeddings.Pooling;

/// <summary>
/// Pools per-token states in managed code, as sentence-transformers' Pooling module does: the mean over the
/// selected tokens (optionally leaving the prompt out), the first token, or the last token.
/// </summary>
internal static class ManagedPooling
{
    /// <summary>Pools <paramref name="tokenCount"/> consecutive rows of <paramref name="dimensions"/> floats.</summary>
    /// <param name="row">Returns row <c>i</c> (0-based within the text) as a span of <paramref name="dimensions"/> floats.</param>
    /// <param name="tokenCount">The text's tokens.</param>
    /// <param name="dimensions">Floats per row.</param>
    /// <param name="pooling">The pooling.</param>
    /// <param name="skipLeading">Leading tokens left out of the mean (the prompt, when it is excluded); ignored for CLS and LAST.</param>
    /// <param name="destination">Receives the pooled vector.</param>
    /// <remarks>
    /// When every token is skipped the mean is a zero vector, as sentence-transformers gives (it clamps the token
    /// count to 1e-9 and sums nothing).
    /// </remarks>
    public static void Pool(TokenRow row, int tokenCount, int dimensions, EmbeddingPooling pooling, int skipLeading, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenCount, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, dimensions);
        switch (pooling)
        {
            case EmbeddingPooling.Cls:
                row(0).CopyTo(destination);
                return;
            case EmbeddingPooling.Last:
                row(tokenCount - 1).CopyTo(destination);
                return;
            case EmbeddingPooling.Mean:
                destination.Clear();
                int first = Math.Min(Math.Max(skipLeading, 0), tokenCount);
                for (int i = first; i < tokenCount; i++)
                {
                    TensorPrimitives.Add(destination, row(i), destination);
                }
                if (tokenCount > first)
                {
                    TensorPrimitives.Divide(destination, tokenCount - first, destination);
                }
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling.");
        }
    }

    /// <summary>Reads the state of token <paramref name="index"/> of one text.</summary>
    public delegate ReadOnlySpan<float> TokenRow(int index);
}

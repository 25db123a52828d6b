using LlamaEmbed.Embeddings;
using LlamaEmbed.Embeddings.Pooling;
using LlamaEmbed.Synthetic.Reference;
using Xunit;

namespace LlamaEmbed.Tests.Reference;

/// <summary>The runtime's managed pooling (float, TensorPrimitives) against the reference's double-precision pooling.</summary>
public sealed class ManagedPoolingMatchesReferenceTests
{
    private static float[][] Rows(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray())];
    }

    private static float[] Managed(float[][] rows, EmbeddingPooling pooling, int skipLeading = 0)
    {
        var pooled = new float[rows[0].Length];
        ManagedPooling.Pool(i => rows[i], rows.Length, pooled.Length, pooling, skipLeading, pooled);
        return pooled;
    }

    private static double[] Reference(IEnumerable<float[]> rows, GemmaReferencePooling pooling) =>
        GemmaReferenceModel.Pool([.. rows.Select(r => r.Select(v => (double)v).ToArray())], pooling);

    [Theory]
    [InlineData(1, 768)]
    [InlineData(7, 64)]
    [InlineData(2048, 768)]
    [InlineData(300, 1)]
    public void Mean_MatchesTheReference(int tokens, int dimensions)
    {
        float[][] rows = Rows(tokens, dimensions, seed: tokens);

        double[] expected = Reference(rows, GemmaReferencePooling.Mean);
        float[] actual = Managed(rows, EmbeddingPooling.Mean);

        // A float sum of n values carries about n·2⁻²⁴ relative error at worst; the rows here stay far below that.
        Assert.True(ReferenceVectors.MaxRelativeError(expected, actual) < 1e-5);
        Assert.True(ReferenceVectors.Cosine(expected, actual) > 1 - 1e-10);
    }

    [Fact]
    public void Mean_LeavingThePromptOut_IsTheMeanOfTheRest()
    {
        float[][] rows = Rows(40, 32, seed: 5);

        double[] expected = Reference(rows.Skip(6), GemmaReferencePooling.Mean);
        float[] actual = Managed(rows, EmbeddingPooling.Mean, skipLeading: 6);

        Assert.True(ReferenceVectors.MaxRelativeError(expected, actual) < 1e-6);
    }

    [Theory]
    [InlineData(EmbeddingPooling.Cls, GemmaReferencePooling.Cls)]
    [InlineData(EmbeddingPooling.Last, GemmaReferencePooling.Last)]
    public void FirstAndLast_AreExact(EmbeddingPooling managed, GemmaReferencePooling reference)
    {
        float[][] rows = Rows(9, 16, seed: 6);

        Assert.Equal(Reference(rows, reference), Managed(rows, managed).Select(v => (double)v));
    }
}

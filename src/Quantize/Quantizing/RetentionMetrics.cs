namespace LlamaEmbed.Quantization;

/// <summary>How close a quantized model's vectors stay to the source model's on the same texts.</summary>
internal static class RetentionMetrics
{
    /// <summary>Mean and worst cosine similarity between paired vectors.</summary>
    public static (double Mean, double Worst) Cosines(IReadOnlyList<ReadOnlyMemory<float>> source, IReadOnlyList<ReadOnlyMemory<float>> quantized)
    {
        double sum = 0;
        double worst = double.PositiveInfinity;
        for (int i = 0; i < source.Count; i++)
        {
            double cosine = Cosine(source[i].Span, quantized[i].Span);
            sum += cosine;
            worst = Math.Min(worst, cosine);
        }
        return (sum / source.Count, worst);
    }

    /// <summary>
    /// Top-<paramref name="k"/> retrieval agreement: each text queries the others; the share of the source model's
    /// k nearest neighbours that the quantized model also ranks in its k nearest, averaged over queries.
    /// </summary>
    public static double TopKAgreement(IReadOnlyList<ReadOnlyMemory<float>> source, IReadOnlyList<ReadOnlyMemory<float>> quantized, int k)
    {
        int n = source.Count;
        int kk = Math.Min(k, n - 1);
        if (kk <= 0)
        {
            return 1;
        }
        double total = 0;
        for (int q = 0; q < n; q++)
        {
            HashSet<int> expected = Nearest(source, q, kk);
            total += (double)Nearest(quantized, q, kk).Count(expected.Contains) / kk;
        }
        return total / n;
    }

    /// <summary>Cosine similarity accumulated in double (0 when either vector is all zeros).</summary>
    internal static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors of {a.Length} and {b.Length} dimensions cannot be compared; the quantized model must embed to the source model's size.", nameof(b));
        }
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.Sqrt(aa * bb);
    }

    private static HashSet<int> Nearest(IReadOnlyList<ReadOnlyMemory<float>> vectors, int query, int k) =>
    [
        .. Enumerable.Range(0, vectors.Count)
            .Where(i => i != query)
            .OrderByDescending(i => Cosine(vectors[query].Span, vectors[i].Span))
            .ThenBy(i => i)
            .Take(k),
    ];
}

namespace LlamaEmbed.Synthetic.Reference;

/// <summary>Comparisons between a reference vector and the float vector under test, accumulated in double.</summary>
public static class ReferenceVectors
{
    /// <summary>The cosine of the angle between <paramref name="reference"/> and <paramref name="actual"/>; 1 for two zero vectors, 0 when only one is zero.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double Cosine(ReadOnlySpan<double> reference, ReadOnlySpan<float> actual)
    {
        if (reference.Length != actual.Length)
        {
            throw new ArgumentException($"Cannot compare a {reference.Length}-vector with a {actual.Length}-vector.", nameof(actual));
        }
        double dot = 0, rr = 0, aa = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            dot += reference[i] * actual[i];
            rr += reference[i] * reference[i];
            aa += (double)actual[i] * actual[i];
        }
        if (rr == 0 || aa == 0)
        {
            return rr == aa ? 1 : 0;
        }
        return dot / Math.Sqrt(rr * aa);
    }

    /// <summary>The largest |reference[i] − actual[i]| divided by the largest |reference[i]| (0 for a zero reference and equal actual).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double MaxRelativeError(ReadOnlySpan<double> reference, ReadOnlySpan<float> actual)
    {
        if (reference.Length != actual.Length)
        {
            throw new ArgumentException($"Cannot compare a {reference.Length}-vector with a {actual.Length}-vector.", nameof(actual));
        }
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(reference[i] - actual[i]));
            maxRef = Math.Max(maxRef, Math.Abs(reference[i]));
        }
        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }
}

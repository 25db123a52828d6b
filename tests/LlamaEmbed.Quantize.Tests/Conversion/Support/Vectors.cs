using Xunit.Sdk;

namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>Small vector helpers for comparing llama.cpp output with reference passes.</summary>
public static class Vectors
{
    public static double Cosine(IReadOnlyList<double> a, IReadOnlyList<float> b)
    {
        if (a.Count != b.Count)
        {
            throw new XunitException($"Vector lengths differ: {a.Count} vs {b.Count}.");
        }
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(aa * bb);
    }

    /// <summary>weight · x + bias for a row-major [rows, x.Count] weight.</summary>
    public static double[] Project(float[] weight, float[]? bias, int rows, IReadOnlyList<double> x)
    {
        var result = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double sum = bias?[r] ?? 0;
            for (int c = 0; c < x.Count; c++)
            {
                sum += weight[(r * x.Count) + c] * x[c];
            }
            result[r] = sum;
        }
        return result;
    }
}
